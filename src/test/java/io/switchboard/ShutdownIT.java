package io.switchboard;

import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping the server while clients publish: subscribers get every acknowledged message, then 1001. Arquillian
 * cannot stop its server in the middle of a test, so this test runs a Payara Micro process of its own.
 */
class ShutdownIT {

    private Process server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    private URI start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        File log = new File(System.getProperty("project.build.directory", "target"), "shutdown-it-server.log");
        server = new ProcessBuilder(javaExecutable(), "-XX:TieredStopAtLevel=1", "-Xss1m", "-jar",
                System.getProperty("payara.microJar"), "--nohazelcast", "--deploy",
                System.getProperty("switchboard.war", "target/switchboard.war"), "--contextroot", "/",
                "--port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log).start();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return base;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            assertTrue(server.isAlive(), "the server died while starting; see " + log);
            Thread.sleep(250);
        }
        throw new AssertionError("the server did not start; see " + log);
    }

    @Test
    void stoppingTheServerDeliversEveryAcknowledgedMessageThenCloses1001() throws Exception {
        URI base = start();
        String topic = "public.shutdown";
        WsClient subscriber = WsClient.connect(base);
        subscriber.next("welcome");
        subscriber.request("{\"type\":\"subscribe\",\"id\":\"s\",\"topic\":\"" + topic + "\"}");

        Set<Integer> acked = new TreeSet<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        WsClient publisher = WsClient.connect(base);
        publisher.next("welcome");
        Thread publishLoop = new Thread(() -> {
            for (int i = 0; publishing.get() && publisher.isOpen(); i++) {
                try {
                    publisher.send("{\"type\":\"publish\",\"id\":\"" + i + "\",\"topic\":\"" + topic + "\",\"data\":" + i + "}");
                    Thread.sleep(12);
                } catch (Exception closed) {
                    return;
                }
            }
        });
        publishLoop.start();
        Thread.sleep(1500);
        server.destroy(); // SIGTERM, as an orchestrator stops a server
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server stopped");
        publishing.set(false);
        publishLoop.join();

        JsonObject frame;
        while ((frame = publisher.nextOrNull()) != null) {
            if (frame.getString("type").equals("ack")) {
                acked.add(frame.getInt("offset"));
            }
        }
        List<Integer> delivered = new ArrayList<>();
        while ((frame = subscriber.nextOrNull()) != null) {
            delivered.add(frame.getInt("offset"));
        }
        assertTrue(acked.size() > 50, "publishing was under way: " + acked.size() + " acks");
        assertTrue(delivered.containsAll(acked), "every acknowledged message reached the subscriber");
        WsClient.Closed closed = subscriber.awaitClose();
        assertEquals(1001, closed.code());
        assertEquals("server shutting down", closed.reason());
    }

    private static String javaExecutable() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
