package io.switchboard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL from Debian's packages: its own cluster in a temporary directory, on a free port of the
 * loopback interface, with trust authentication for the {@code postgres} user. {@code initdb} and {@code pg_ctl}
 * refuse to run as root, so as root they run as the {@code postgres} user. {@link #close()} removes it all.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");
    private static final Path SYSTEM_TMP = Path.of(System.getenv().getOrDefault("TMPDIR", "/tmp"));

    private final Path bin;
    private final Path dir;
    private final int port;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Starts one; skips the calling test (fails it under CI) when PostgreSQL is not installed. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = installed();
        if (bin == null) {
            Prerequisite.missing("These tests need Debian's PostgreSQL (apt-get install -y postgresql); none found"
                    + " under " + VERSIONS);
        }
        // the system's temporary directory, not the build's: the postgres user must be able to reach it
        Path dir = Files.createTempDirectory(SYSTEM_TMP, "switchboard-pg-");
        PostgresServer server = new PostgresServer(bin, dir, Ports.free());
        if (runsAsRoot()) {
            server.run("chown", "-R", "postgres:postgres", dir.toString());
        }
        server.runAsOwner(bin.resolve("initdb").toString(), "-D", server.data().toString(), "-A", "trust",
                "-U", "postgres", "-E", "UTF8", "--no-sync");
        server.resume();
        return server;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    /** Stops the server, as an outage would: connections are cut, and new ones refused. */
    public void stop() throws IOException, InterruptedException {
        runAsOwner(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop");
    }

    /** Starts it again on the same port, with the same data. */
    public void resume() throws IOException, InterruptedException {
        runAsOwner(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-w", "-t", "60",
                "-l", dir.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stop();
        } finally {
            Directories.delete(dir);
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private static Path installed() throws IOException {
        if (!Files.isDirectory(VERSIONS)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(VERSIONS)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElse(null);
        }
    }

    private static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void runAsOwner(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (runsAsRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(Arrays.asList(command));
        run(line.toArray(String[]::new));
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("commands.log").toFile())).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed; see " + dir.resolve("commands.log") + ":\n"
                    + Files.readString(dir.resolve("commands.log")));
        }
    }
}
