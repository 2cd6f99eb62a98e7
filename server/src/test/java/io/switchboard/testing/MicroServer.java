package io.switchboard.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Micro process running the built WAR, for the tests that Arquillian cannot express: stopping the server
 * in the middle of a test, restarting it, or several servers forming a cluster. Logs go to
 * {@code target/<name>.log}; the embedded history store to a fresh {@code target/<name>-data-*} unless the JVM
 * options name a {@code switchboard.data-dir}.
 */
public final class MicroServer implements AutoCloseable {

    private static final String DATA_DIR = "-Dswitchboard.data-dir=";

    private final List<String> command;
    private final File log;
    private final Path tmp;
    private final URI base;
    private Process process;

    private MicroServer(List<String> command, File log, Path tmp, URI base) throws IOException {
        this.command = command;
        this.log = log;
        this.tmp = tmp;
        this.base = base;
        this.process = launch(ProcessBuilder.Redirect.to(log));
    }

    /** A single node: Hazelcast off, as `payara-micro:start` runs it, with these JVM options added. */
    public static MicroServer alone(String name, String... jvmOptions) throws IOException {
        return start(name, List.of("--nohazelcast"), List.of(jvmOptions));
    }

    /** A single node started with Payara Micro options too, such as {@code --addlibs} and a post-boot file. */
    public static MicroServer alone(String name, List<String> payaraOptions, String... jvmOptions) throws IOException {
        List<String> options = new ArrayList<>(List.of("--nohazelcast"));
        options.addAll(payaraOptions);
        return start(name, options, List.of(jvmOptions));
    }

    /**
     * One member of a Hazelcast cluster on the loopback interface, listening for cluster traffic on
     * {@code clusterPort} and finding the others among {@code members} (host:port, comma-separated).
     */
    public static MicroServer clustered(String name, int clusterPort, String members, String... jvmOptions)
            throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Dhazelcast.socket.bind.any=false"));
        jvm.addAll(List.of(jvmOptions));
        return start(name, List.of("--clustermode", "tcpip:" + members, "--interfaces", "127.0.0.1",
                "--startport", String.valueOf(clusterPort), "--name", name), jvm);
    }

    private static MicroServer start(String name, List<String> options, List<String> jvmOptions) throws IOException {
        int port = freePort();
        File target = new File(System.getProperty("project.build.directory", "target"));
        File log = new File(target, name + ".log");
        // Payara Micro unpacks ~100 MiB into java.io.tmpdir on every start and removes it only on a clean exit
        Path tmp = Files.createTempDirectory(name + "-tmp-");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-XX:TieredStopAtLevel=1", "-Xss1m",
                "-Djava.io.tmpdir=" + tmp,
                "-Dswitchboard.jwt.secret=" + TestTokens.SECRET));
        if (jvmOptions.stream().noneMatch(o -> o.startsWith(DATA_DIR))) {
            command.add(DATA_DIR + new File(target, name + "-data-" + System.nanoTime()).getAbsolutePath());
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("payara.microJar"), "--deploy",
                System.getProperty("switchboard.war", "target/switchboard.war"), "--contextroot", "/",
                "--port", String.valueOf(port),
                "--prebootcommandfile", System.getProperty("payara.preboot", "src/main/payara/preboot.asadmin")));
        command.addAll(options);
        return new MicroServer(List.copyOf(command), log, tmp, URI.create("http://127.0.0.1:" + port + "/"));
    }

    private Process launch(ProcessBuilder.Redirect output) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    }

    /**
     * Starts the server again after {@link #stop} or {@link #kill}: the same port, data directory and options;
     * its log goes on in the same file.
     */
    public MicroServer restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("the server still runs; stop or kill it first");
        }
        process = launch(ProcessBuilder.Redirect.appendTo(log));
        return this;
    }

    /** Waits until {@code /health} answers 200; a server that does not is killed. */
    public MicroServer awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server died while starting; see " + log);
            }
            if (deploymentFailed()) {
                kill();
                throw new AssertionError("the application failed to deploy; see " + log);
            }
            Thread.sleep(250);
        }
        // killed here, since a caller that gets no server back cannot stop it, and a stray cluster member would
        // join the next test's cluster
        kill();
        throw new AssertionError("the server did not start within " + timeout + "; see " + log);
    }

    private boolean deploymentFailed() {
        try {
            return log.exists() && Files.readString(log.toPath()).contains("Exception while loading the app");
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** Waits until {@code /api/stats} shows {@code what}; the stats are shared among a cluster's nodes each second. */
    public void awaitStats(java.util.function.Predicate<jakarta.json.JsonObject> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        jakarta.json.JsonObject stats = null;
        while (System.nanoTime() < deadline) {
            stats = Http.object(Http.anonymous(base).get("api/stats"));
            if (condition.test(stats)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the stats never showed " + what + ": " + stats);
    }

    public long pid() {
        return process.pid();
    }

    public URI base() {
        return base;
    }

    public File log() {
        return log;
    }

    /**
     * A full garbage collection in the server, through {@code jcmd}: what the heap holds afterwards is what is
     * really retained, where G1's young collections leave dead objects in the old generation for later.
     */
    public void collectGarbage() throws IOException, InterruptedException {
        String jcmd = System.getProperty("java.home") + File.separator + "bin" + File.separator + "jcmd";
        Process gc = new ProcessBuilder(jcmd, String.valueOf(process.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IOException("jcmd GC.run failed for the server process " + process.pid());
        }
    }

    /** SIGTERM, as an orchestrator stops a server; true if it ended within the timeout. */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: the node dies without a goodbye, like a crashed machine. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Kills the server and removes what it unpacked; its log and data directory stay for a look afterwards. */
    @Override
    public void close() throws InterruptedException, IOException {
        kill();
        Directories.delete(tmp);
    }

    /** A port nothing listens on now, for a server of a test's own. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaExecutable() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
