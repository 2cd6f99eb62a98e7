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
 * Debian's nginx in front of cluster nodes (a load balancer) or of one server (a proxy that may refuse WebSocket),
 * configured from {@code nginx-proxy.conf}.
 */
public final class Nginx implements AutoCloseable {

    private static final List<String> BINARIES = List.of("/usr/sbin/nginx", "/usr/bin/nginx");

    private final List<String> command;
    private final Path dir;
    private final URI base;
    private Process process;

    private Nginx(List<String> command, Path dir, Process process, int port) {
        this.command = command;
        this.dir = dir;
        this.process = process;
        this.base = URI.create("http://127.0.0.1:" + port + "/");
    }

    /** In front of two cluster nodes, passing WebSocket upgrades on. */
    public static Nginx inFrontOf(URI nodeA, URI nodeB) throws IOException, InterruptedException {
        return start("cluster-it-nginx", nodeA, nodeB, true);
    }

    /** In front of one server as a proxy that strips the WebSocket upgrade, as some corporate proxies do. */
    public static Nginx refusingWebSocketsInFrontOf(URI server) throws IOException, InterruptedException {
        return start("fallback-it-nginx", server, server, false);
    }

    /** In front of one server, passing WebSocket upgrades on. */
    public static Nginx inFrontOf(URI server) throws IOException, InterruptedException {
        return start("fallback-it-nginx", server, server, true);
    }

    private static Nginx start(String name, URI nodeA, URI nodeB, boolean webSockets)
            throws IOException, InterruptedException {
        String binary = BINARIES.stream().filter(path -> new File(path).canExecute()).findFirst().orElse(null);
        if (binary == null) {
            Prerequisite.missing("The proxy tests need Debian's nginx (apt-get install -y nginx-light); none found");
        }
        Path dir = Path.of(System.getProperty("project.build.directory", "target"), name).toAbsolutePath();
        Files.createDirectories(dir);
        int port = Ports.free();
        String config;
        try (InputStream template = Nginx.class.getResourceAsStream("/nginx-proxy.conf")) {
            config = new String(template.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> value : Map.of("dir", dir.toString(), "port", String.valueOf(port),
                "nodeA", String.valueOf(nodeA.getPort()), "nodeB", String.valueOf(nodeB.getPort()),
                "wsUpgrade", webSockets ? "websocket" : "", "wsConnection", webSockets ? "upgrade" : "close")
                .entrySet()) {
            config = config.replace("${" + value.getKey() + "}", value.getValue());
        }
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, config);
        List<String> command = List.of(binary, "-p", dir.toString(), "-c", file.toString());
        return new Nginx(command, dir, launch(command, dir, port), port);
    }

    private static Process launch(List<String> command, Path dir, int port) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        awaitListening(process, port);
        return process;
    }

    /** Stops and starts nginx on the same port: every connection through it is cut. */
    public void restart() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        process = launch(command, dir, base.getPort());
    }

    private static void awaitListening(Process process, int port) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError("nginx did not start; see its error.log under target/");
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
