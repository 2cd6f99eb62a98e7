package io.switchboard.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Micro process running the built WAR ({@link ServerProcess}). The embedded history store goes to a fresh
 * {@code target/<name>-data-*} unless the JVM options name a {@code switchboard.data-dir}.
 */
public final class MicroServer extends ServerProcess {

    private static final String DATA_DIR = "-Dswitchboard.data-dir=";

    private final Path tmp;

    private MicroServer(List<String> command, File log, Path tmp, URI base) throws IOException {
        super(command, Map.of(), log, base, "Exception while loading the app");
        this.tmp = tmp;
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
        int port = Ports.free();
        File target = target();
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

    @Override
    public MicroServer restart() throws IOException {
        super.restart();
        return this;
    }

    @Override
    public MicroServer awaitReady(Duration timeout) throws InterruptedException {
        super.awaitReady(timeout);
        return this;
    }

    /**
     * A full garbage collection in the server, through {@code jcmd}: what the heap holds afterwards is what is
     * really retained, where G1's young collections leave dead objects in the old generation for later.
     */
    public void collectGarbage() throws IOException, InterruptedException {
        String jcmd = System.getProperty("java.home") + File.separator + "bin" + File.separator + "jcmd";
        Process gc = new ProcessBuilder(jcmd, String.valueOf(pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IOException("jcmd GC.run failed for the server process " + pid());
        }
    }

    /** Kills the server and removes what it unpacked; its log and data directory stay for a look afterwards. */
    @Override
    public void close() throws InterruptedException, IOException {
        super.close();
        Directories.delete(tmp);
    }
}
