package io.switchboard.testing;

import jakarta.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A server running the built WAR as a process of the test's own, for what Arquillian cannot express: stopping it in
 * the middle of a test, killing it, restarting it, several of them forming a cluster. Its output goes to
 * {@code target/<name>.log}. Payara Micro, WildFly and Tomcat each start their way ({@link MicroServer},
 * {@link WildFlyServer}, {@link TomcatServer}).
 */
public abstract class ServerProcess implements AutoCloseable {

    private static final int FAILURE_LINES = 30;

    private final List<String> command;
    private final Map<String, String> environment;
    private final File log;
    private final URI base;
    private final String deploymentFailure;
    private Process process;

    /**
     * @param deploymentFailure what the server logs when the WAR fails to deploy, so that a wait for it ends early
     */
    protected ServerProcess(List<String> command, Map<String, String> environment, File log, URI base,
                            String deploymentFailure) throws IOException {
        this.command = command;
        this.environment = environment;
        this.log = log;
        this.base = base;
        this.deploymentFailure = deploymentFailure;
        this.process = launch(ProcessBuilder.Redirect.to(log));
    }

    private Process launch(ProcessBuilder.Redirect output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * Starts the server again after {@link #stop} or {@link #kill}: the same port, data directory and options;
     * its log goes on in the same file.
     */
    public ServerProcess restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("the server still runs; stop or kill it first");
        }
        process = launch(ProcessBuilder.Redirect.appendTo(log));
        return this;
    }

    /** Waits until {@code /health} answers 200; a server that does not is killed. */
    public ServerProcess awaitReady(Duration timeout) throws InterruptedException {
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
                throw new AssertionError("the server died while starting; see " + log + failures());
            }
            if (deploymentFailed()) {
                kill();
                throw new AssertionError("the application failed to deploy; see " + log + failures());
            }
            Thread.sleep(250);
        }
        // killed here, since a caller that gets no server back cannot stop it, and a stray cluster member would
        // join the next test's cluster
        kill();
        throw new AssertionError("the server did not start within " + timeout + "; see " + log + failures());
    }

    /**
     * The log's error lines and the causes under them, for the message of a failed start: CI keeps the build's
     * output, not the server logs under {@code target}.
     */
    private String failures() {
        try {
            List<String> lines = Files.readAllLines(log.toPath());
            StringBuilder excerpt = new StringBuilder();
            lines.stream().filter(line -> line.contains("ERROR") || line.contains("SEVERE")
                            || line.startsWith("Caused by:") || line.contains("Exception:"))
                    .limit(FAILURE_LINES).forEach(line -> excerpt.append(System.lineSeparator()).append("  ")
                            .append(line.length() > 400 ? line.substring(0, 400) + "..." : line));
            return excerpt.isEmpty() ? "" : "; it logged:" + excerpt;
        } catch (IOException unreadable) {
            return "";
        }
    }

    private boolean deploymentFailed() {
        try {
            return log.exists() && Files.readString(log.toPath()).contains(deploymentFailure);
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** Waits until {@code /api/stats} shows {@code what}; the stats are shared among a cluster's nodes each second. */
    public void awaitStats(Predicate<JsonObject> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonObject stats = null;
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

    /** SIGTERM, as an orchestrator stops a server; true if it ended within the timeout. */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL to the server and what its start script started: it dies without a goodbye, like a crashed machine. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Kills the server; its log and data directory stay for a look afterwards. */
    @Override
    public void close() throws InterruptedException, IOException {
        kill();
    }

    protected static String javaExecutable() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    /** The installation a system property of the build names; this server's run of the build sets it. */
    protected static String installation(String property) {
        String home = System.getProperty(property);
        if (home == null) {
            throw new IllegalStateException(property + " is not set: this runs in its server's run of -Pall-servers");
        }
        return home;
    }

    /** {@code target/<name>-base}, emptied: a server's own directory. */
    protected static Path freshBase(String name) throws IOException {
        Path base = new File(target(), name + "-base").toPath().toAbsolutePath();
        Directories.delete(base);
        Files.createDirectories(base);
        return base;
    }

    protected static File target() {
        return new File(System.getProperty("project.build.directory", "target"));
    }
}
