package io.switchboard;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.SwitchboardListener;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.WsClient;
import io.switchboard.testkit.Recording;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.switchboard.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping the server while clients publish: subscribers get every acknowledged message, then 1001. Arquillian
 * cannot stop its server in the middle of a test, so this test runs a Payara Micro process of its own.
 */
class ShutdownIT {

    private MicroServer server;
    private final List<SwitchboardClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServer() throws Exception {
        clients.forEach(SwitchboardClient::close);
        if (server != null) {
            server.close();
        }
    }

    private SwitchboardClient client(URI base) {
        SwitchboardClient client = SwitchboardClient.connect(WsClient.wsUri(base));
        clients.add(client);
        return client;
    }

    @Test
    void stoppingTheServerDeliversEveryAcknowledgedMessageThenCloses1001() throws Exception {
        server = MicroServer.alone("shutdown-it-server").awaitReady(Duration.ofSeconds(120));
        String topic = "public.shutdown";
        SwitchboardClient subscriber = client(server.base());
        List<String> closes = new CopyOnWriteArrayList<>();
        subscriber.addListener(new SwitchboardListener() {
            @Override
            public void onClose(int code, String reason) {
                closes.add(code + " " + reason);
            }
        });
        Recording<Integer> delivered = Recording.of(subscriber, topic, Integer.class);

        Set<Long> acked = new ConcurrentSkipListSet<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        SwitchboardClient publisher = client(server.base());
        Thread publishLoop = new Thread(() -> {
            for (int i = 0; publishing.get(); i++) {
                publisher.publish(topic, i).thenAccept(ack -> acked.add(ack.offset()));
                try {
                    Thread.sleep(12);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        publishLoop.start();
        eventually(() -> acked.size() > 50, "publishing is under way");
        assertTrue(server.stop(Duration.ofSeconds(60)), "the server stopped on SIGTERM");
        publishing.set(false);
        publishLoop.join();

        eventually(() -> !closes.isEmpty(), "the subscriber's connection closed");
        assertTrue(closes.get(0).equals("1001 server shutting down"), "closed as a restart: " + closes);
        Set<Long> received = new ConcurrentSkipListSet<>();
        delivered.all().forEach(message -> received.add(message.message().offset()));
        assertTrue(received.containsAll(acked), "every acknowledged message reached the subscriber before 1001: "
                + acked.size() + " acks, " + received.size() + " delivered");
    }
}
