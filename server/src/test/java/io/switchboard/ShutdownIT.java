package io.switchboard;

import io.switchboard.testing.MicroServer;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping the server while clients publish: subscribers get every acknowledged message, then 1001. Arquillian
 * cannot stop its server in the middle of a test, so this test runs a Payara Micro process of its own.
 */
class ShutdownIT {

    private MicroServer server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void stoppingTheServerDeliversEveryAcknowledgedMessageThenCloses1001() throws Exception {
        server = MicroServer.alone("shutdown-it-server").awaitReady(Duration.ofSeconds(120));
        URI base = server.base();
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
        assertTrue(server.stop(Duration.ofSeconds(60)), "the server stopped on SIGTERM");
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
}
