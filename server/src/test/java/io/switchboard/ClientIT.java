package io.switchboard;

import io.switchboard.client.SubscribeOptions;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.SwitchboardError;
import io.switchboard.client.SwitchboardListener;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.testing.Deployments;
import io.switchboard.testing.TestTokens;
import io.switchboard.testing.WsClient;
import io.switchboard.testkit.PresenceEvents;
import io.switchboard.testkit.Recording;
import io.switchboard.testkit.SwitchboardExtension;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import static io.switchboard.testing.Eventually.eventually;
import static io.switchboard.testkit.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java client and its test kit against the hub on each server: every request, wildcards, acks and errors. */
@ExtendWith(ArquillianExtension.class)
class ClientIT {

    static final Duration WITHIN = Duration.ofSeconds(10);

    /** A typed payload, bound with JSON-B both ways. */
    public record Order(int id, String item) {
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.switchboard();
    }

    @ArquillianResource
    URL url;

    @RegisterExtension
    final SwitchboardExtension switchboard = SwitchboardExtension.at(() -> WsClient.wsUri(Deployments.loopback(url)));

    private static String topic() {
        return "public.c" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aPublishIsAcknowledgedAndReachesExactAndWildcardSubscribersTyped() {
        String topic = topic();
        Recording<Order> exact = switchboard.record(topic + ".eu", Order.class);
        Recording<Order> wildcard = Recording.of(switchboard.newClient(), topic + ".>", Order.class);

        ServerFrame.Ack first = switchboard.publish(topic + ".eu", new Order(1, "tea"));
        ServerFrame.Ack second = switchboard.publish(topic + ".eu", new Order(2, "cake"));

        assertEquals(first.offset() + 1, second.offset(), "offsets count up");
        assertEquals(List.of(new Order(1, "tea"), new Order(2, "cake")), exact.awaitNext(2, WITHIN));
        List<Recording.Received<Order>> matched = wildcard.awaitNextReceived(2, WITHIN);
        assertEquals(topic + ".eu", matched.get(0).message().topic());
        assertEquals(second.epoch(), matched.get(1).message().epoch());
        exact.assertNothingFor(Duration.ofMillis(300));
    }

    @Test
    void historyAndPresenceAnswerAsTheServerKnowsThem() {
        String topic = topic();
        for (int i = 1; i <= 3; i++) {
            switchboard.publish(topic, new Order(i, "item" + i));
        }
        SwitchboardClient watcher = switchboard.newClient();
        await(watcher.subscribe(topic, JsonValue.class, SubscribeOptions.NONE.withPresence(), (data, m) -> {
        }).ready());

        ServerFrame.History history = await(switchboard.client().history(topic));
        assertEquals(List.of(1L, 2L, 3L), history.messages().stream().map(ServerFrame.Message::offset).toList());
        assertTrue(history.recovered());
        ServerFrame.History page = await(switchboard.client().history(topic, null, 2));
        assertEquals(List.of(2L, 3L), page.messages().stream().map(ServerFrame.Message::offset).toList());

        ServerFrame.Presence presence = await(switchboard.client().presence(topic));
        assertEquals(1, presence.count());
        assertEquals(await(watcher.connected()).session(), presence.clients().get(0).session());
        assertNotNull(await(switchboard.client().ping()));
    }

    @Test
    void othersJoiningAndLeavingReachPresenceListeners() throws Exception {
        String topic = topic();
        SwitchboardClient watcher = switchboard.client();
        PresenceEvents seen = PresenceEvents.of(watcher);
        await(watcher.subscribe(topic, JsonValue.class, SubscribeOptions.NONE.withPresence(), (d, m) -> {
        }).ready());
        SwitchboardClient other = switchboard.newClient();
        await(other.subscribe(topic, JsonValue.class, (d, m) -> {
        }).ready());
        String session = await(other.connected()).session();
        assertEquals(session, seen.awaitJoin(WITHIN).session());
        other.close();
        assertEquals(session, seen.awaitLeave(WITHIN).session());
    }

    @Test
    void refusalsComeBackAsSwitchboardErrorsWithTheWireCode() {
        SwitchboardClient client = switchboard.client();
        assertEquals("forbidden", refusal(() -> await(client.publish("sys.metrics", 1))).code());
        assertEquals("invalid_topic", refusal(() -> await(client.publish("public..x", 1))).code());
        assertEquals("unauthorized", refusal(() -> await(client.publish("orders.eu", 1))).code());
        assertEquals("unauthorized", refusal(() -> await(client.subscribe("orders.eu", JsonValue.class, (d, m) -> {
        }).ready())).code(), "a refused subscription says why");
    }

    @Test
    void aTokenGrantsWhatItSays() {
        SwitchboardClient signedIn = switchboard.newClient(() -> TestTokens.user("orders-service",
                List.of("orders.>"), List.of("orders.>")));
        String topic = "orders." + UUID.randomUUID().toString().substring(0, 8);
        Recording<Order> orders = Recording.of(signedIn, "orders.>", Order.class);
        await(signedIn.publish(topic, new Order(7, "pen")));
        assertEquals(new Order(7, "pen"), orders.awaitNext(WITHIN));
        assertEquals("orders-service", await(signedIn.connected()).user());
    }

    @Test
    void handlersThatFallBehindMakeTheClientStepBackAndResumeWithNothingLostOrRepeated() throws Exception {
        String topic = topic();
        List<String> closes = new CopyOnWriteArrayList<>();
        SwitchboardClient slow = switchboard.newClient(builder -> builder.maxHandlerQueue(4)
                .reconnectDelays(Duration.ofMillis(50), Duration.ofMillis(500)));
        slow.addListener(new SwitchboardListener() {
            @Override
            public void onClose(int code, String reason) {
                closes.add(code + " " + reason);
            }
        });
        List<Long> offsets = new CopyOnWriteArrayList<>();
        await(slow.subscribe(topic, Integer.class, (data, message) -> {
            offsets.add(message.offset());
            sleep(20);
        }).ready());
        List<CompletableFuture<ServerFrame.Ack>> acks = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            acks.add(switchboard.client().publish(topic, i).toCompletableFuture());
        }
        acks.forEach(ack -> await(ack));
        eventually(() -> offsets.size() >= 40, "every message reached the slow handler");
        assertEquals(LongStream.rangeClosed(1, 40).boxed().toList(), offsets, "in order, once each");
        assertTrue(closes.contains("4000 handlers fell behind"), "the client stepped back: " + closes);
    }

    @Test
    void aRecordingThatWaitsInVainSaysWhatDidArrive() {
        String topic = topic();
        Recording<Integer> numbers = switchboard.record(topic, Integer.class);
        switchboard.publish(topic, 41);
        AssertionError failed = assertThrows(AssertionError.class, () -> numbers.awaitNext(2, Duration.ofMillis(500)));
        assertTrue(failed.getMessage().contains("but 1 came: [" + topic + "#1 41]"), failed.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SwitchboardError refusal(Runnable request) {
        AssertionError failed = assertThrows(AssertionError.class, request::run);
        Throwable cause = failed.getCause() instanceof CompletionException wrapped ? wrapped.getCause()
                : failed.getCause();
        return assertInstanceOf(SwitchboardError.class, cause, () -> "refused with " + failed);
    }
}
