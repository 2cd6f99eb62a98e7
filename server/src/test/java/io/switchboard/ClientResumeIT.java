package io.switchboard;

import io.switchboard.client.State;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.SwitchboardListener;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.TestTokens;
import io.switchboard.testing.WsClient;
import io.switchboard.testkit.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.switchboard.testing.Eventually.eventually;
import static io.switchboard.testkit.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java client across a server's restarts, which Arquillian cannot do mid-test: a Payara Micro process of the
 * test's own, with the durable default for most topics, {@code public.volatile.>} in memory only, and no clock skew
 * so that a token's expiry ends its session on time.
 */
class ClientResumeIT {

    private static MicroServer server;
    private final List<SwitchboardClient> clients = new ArrayList<>();
    private final Set<String> recovered = ConcurrentHashMap.newKeySet();
    private final Set<String> lost = ConcurrentHashMap.newKeySet();
    private final List<String> closes = new CopyOnWriteArrayList<>();
    private final List<java.time.Instant> warnings = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = MicroServer.alone("client-resume-it-server",
                "-Dswitchboard.topics.\"public.volatile.>\".durable=false", "-Dswitchboard.jwt.clock-skew-seconds=0").awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SwitchboardClient::close);
    }

    private SwitchboardClient client(java.util.function.Supplier<String> token) {
        SwitchboardClient client = SwitchboardClient.builder(WsClient.wsUri(server.base())).token(token)
                .reconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).listener(new SwitchboardListener() {
            @Override
            public void onExpiring(java.time.Instant expiresAt) {
                warnings.add(expiresAt);
            }

            @Override
            public void onRecovered(String topic, long offset) {
                recovered.add(topic);
            }

            @Override
            public void onLost(String topic, long offset, String epoch) {
                lost.add(topic);
            }

            @Override
            public void onClose(int code, String reason) {
                closes.add(code + " " + reason);
            }
        }).connect();
        clients.add(client);
        await(client.connected());
        return client;
    }

    @Test
    void aServerStoppedAndStartedMidStreamCostsNoMessageAndDeliversNoneTwice() throws Exception {
        String topic = "public.resume.stream";
        Recording<Integer> received = Recording.of(client(() -> null), topic, Integer.class);
        SwitchboardClient publisher = client(() -> null);
        List<Long> acked = new CopyOnWriteArrayList<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publish = new Thread(() -> {
            for (int i = 0; publishing.get(); i++) {
                try {
                    acked.add(publisher.publish(topic, i).toCompletableFuture().join().offset());
                    Thread.sleep(10);
                } catch (Exception refusedOrDisconnected) {
                    // not acknowledged, so not owed to the subscriber; the client reconnects by itself
                }
            }
        });
        publish.start();
        eventually(() -> acked.size() >= 50, "publishing is under way");
        assertTrue(server.stop(Duration.ofSeconds(60)), "the server stopped on SIGTERM");
        server.restart().awaitReady(Duration.ofSeconds(120));
        int ackedBefore = acked.size();
        eventually(() -> acked.size() >= ackedBefore + 50, "publishing goes on after the restart");
        publishing.set(false);
        publish.join();

        long last = acked.get(acked.size() - 1);
        eventually(() -> !received.all().isEmpty()
                && received.all().get(received.all().size() - 1).message().offset() >= last, "every ack delivered");
        List<Long> offsets = received.all().stream().map(r -> r.message().offset()).toList();
        for (int i = 1; i < offsets.size(); i++) {
            assertEquals(offsets.get(i - 1) + 1, offsets.get(i), "no gap and no duplicate at " + i + ": " + offsets);
        }
        assertTrue(offsets.containsAll(acked), "every acknowledged message arrived");
        assertTrue(recovered.contains(topic), "the client was told it resumed without a gap");
        assertEquals(State.CONNECTED, publisher.state());
    }

    @Test
    void aKilledServerResumesDurableTopicsAndReportsTheOthersLost() throws Exception {
        SwitchboardClient subscriber = client(() -> null);
        Recording<Integer> kept = Recording.of(subscriber, "public.resume.kept", Integer.class);
        Recording<Integer> gone = Recording.of(subscriber, "public.volatile.resume", Integer.class);
        SwitchboardClient publisher = client(() -> null);
        for (int i = 1; i <= 3; i++) {
            await(publisher.publish("public.resume.kept", i));
            await(publisher.publish("public.volatile.resume", i));
        }
        assertEquals(List.of(1, 2, 3), kept.awaitNext(3, Duration.ofSeconds(10)));
        assertEquals(List.of(1, 2, 3), gone.awaitNext(3, Duration.ofSeconds(10)));

        server.kill();
        server.restart().awaitReady(Duration.ofSeconds(120));
        eventually(() -> lost.contains("public.volatile.resume"), "the topic kept in memory is reported lost");
        eventually(() -> recovered.contains("public.resume.kept"), "the durable topic resumed");
        await(publisher.publish("public.resume.kept", 4));
        ServerFrame.Message fourth = kept.awaitNextReceived(1, Duration.ofSeconds(10)).get(0).message();
        assertEquals(4, fourth.offset(), "numbering went on where it was");
    }

    @Test
    void aTokenSupplierIsAskedAgainOnEveryReconnectSoAnExpiringTokenIsRenewed() throws Exception {
        AtomicInteger minted = new AtomicInteger();
        SwitchboardClient client = client(() -> {
            minted.incrementAndGet();
            return TestTokens.mintWith("renewing-" + minted.get(), Map.of("subscribe", List.of("public.>"),
                    "publish", List.of("public.>")), Duration.ofSeconds(2));
        });
        Recording<Integer> received = Recording.of(client, "public.resume.token", Integer.class);
        eventually(() -> closes.stream().anyMatch(close -> close.equals("1008 token expired")),
                "the first token expires and ends its session");
        eventually(() -> minted.get() >= 2 && client.state() == State.CONNECTED, "a new token, a new session");
        await(client.publish("public.resume.token", 1));
        assertEquals(1, received.awaitNext(Duration.ofSeconds(10)));
        assertTrue(await(client.connected()).user().startsWith("renewing-"));
    }

    @Test
    void aTokenAboutToExpireIsRefreshedInPlaceWithoutReconnecting() throws Exception {
        AtomicInteger minted = new AtomicInteger();
        SwitchboardClient client = client(() -> TestTokens.mintWith("keeper", Map.of("subscribe",
                List.of("public.>"), "publish", List.of("public.>")),
                minted.incrementAndGet() == 1 ? Duration.ofSeconds(3) : Duration.ofHours(1)));
        Recording<Integer> received = Recording.of(client, "public.resume.refresh", Integer.class);
        String session = await(client.connected()).session();
        eventually(() -> minted.get() >= 2, "the server's warning made the client ask for a new token");
        Thread.sleep(5_000); // past the first token's three seconds
        assertTrue(closes.isEmpty(), "never closed: " + closes);
        assertEquals(session, await(client.connected()).session(), "the same session");
        await(client.publish("public.resume.refresh", 1));
        assertEquals(1, received.awaitNext(Duration.ofSeconds(10)));
        assertEquals(1, warnings.size(), "one warning, for the first token: " + warnings);
    }
}
