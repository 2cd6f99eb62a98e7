package io.switchboard.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as the load balancer in front of cluster nodes, configured from {@code nginx-cluster.conf}.
 */
public final class Nginx implements AutoCloseable {

    private static final List<String> BINARIES = List.of("/usr/sbin/nginx", "/usr/bin/nginx");

    private final Process process;
    private final URI base;

    private Nginx(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    public static Nginx inFrontOf(URI nodeA, URI nodeB) throws IOException, InterruptedException {
        String binary = BINARIES.stream().filter(path -> new File(path).canExecute()).findFirst().orElse(null);
        if (binary == null) {
            Prerequisite.missing("The load-balancer test needs Debian's nginx (apt-get install -y nginx-light); none found");
        }
        Path dir = Path.of(System.getProperty("project.build.directory", "target"), "cluster-it-nginx").toAbsolutePath();
        Files.createDirectories(dir);
        int port = MicroServer.freePort();
        String config;
        try (InputStream template = Nginx.class.getResourceAsStream("/nginx-cluster.conf")) {
            config = new String(template.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> value : Map.of("dir", dir.toString(), "port", String.valueOf(port),
                "nodeA", String.valueOf(nodeA.getPort()), "nodeB", String.valueOf(nodeB.getPort())).entrySet()) {
            config = config.replace("${" + value.getKey() + "}", value.getValue());
        }
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, config);
        Process process = new ProcessBuilder(binary, "-p", dir.toString(), "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        awaitListening(process, port);
        return new Nginx(process, URI.create("http://127.0.0.1:" + port + "/"));
    }

    private static void awaitListening(Process process, int port) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError("nginx did not start; see target/cluster-it-nginx/error.log");
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nginx did not listen on " + port);
    }

    public URI base() {
        return base;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
