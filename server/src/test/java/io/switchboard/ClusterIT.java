package io.switchboard;

import io.switchboard.testing.Http;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.Nginx;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Payara Micro nodes in one Hazelcast cluster on the loopback interface behave as one hub. Arquillian
 * deploys to one server, so this test runs the nodes as processes of its own; the node-loss test runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String MEMBERS = "127.0.0.1:6900,127.0.0.1:6901";
    private static final Duration START = Duration.ofSeconds(180);
    /** Enough history that the node-loss test recovers whatever the timing of the kill. */
    private static final String HISTORY = "-Dswitchboard.history-size=1000";
    /** Short enough that a topic nobody uses expires, and the cluster forgets it, within the test. */
    private static final String TTL = "-Dswitchboard.history-ttl-seconds=20";

    private static MicroServer nodeA;
    private static MicroServer nodeB;

    @BeforeAll
    static void startCluster() throws Exception {
        nodeA = MicroServer.clustered("cluster-it-node-a", 6900, MEMBERS, HISTORY, TTL);
        nodeB = MicroServer.clustered("cluster-it-node-b", 6901, MEMBERS, HISTORY, TTL);
        nodeA.awaitReady(START);
        nodeB.awaitReady(START);
        nodeA.awaitStats(stats -> stats.getJsonObject("cluster").getInt("nodes") == 2, "two nodes");
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (MicroServer node : new MicroServer[]{nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    @Order(1)
    void publishesOnEitherNodeReachSubscribersOnBothOnceInOneOrder() throws Exception {
        String topic = topic();
        try (WsClient onA = connected(nodeA.base()); WsClient onB = connected(nodeB.base());
             WsClient publisherA = connected(nodeA.base()); WsClient publisherB = connected(nodeB.base())) {
            onA.request(subscribe("s", topic, ""));
            onB.request(subscribe("s", topic, ""));
            for (int i = 1; i <= 60; i++) {
                JsonObject ack = (i % 2 == 0 ? publisherA : publisherB).request(publish("p" + i, topic, String.valueOf(i)));
                assertEquals(i, ack.getInt("offset"), "offsets are cluster-wide and consecutive");
            }
            for (WsClient subscriber : List.of(onA, onB)) {
                for (int i = 1; i <= 60; i++) {
                    JsonObject message = subscriber.next("message");
                    assertEquals(i, message.getInt("offset"));
                    assertEquals(i, message.getInt("data"));
                }
                subscriber.assertSilentFor(Duration.ofMillis(300));
            }
        }
    }

    @Test
    @Order(2)
    void aClientRecoversOnTheOtherNodeWithSince() throws Exception {
        String topic = topic();
        String epoch;
        try (WsClient onA = connected(nodeA.base()); WsClient publisher = connected(nodeA.base())) {
            epoch = onA.request(subscribe("s", topic, "")).getString("epoch");
            publisher.request(publish("1", topic, "1"));
            assertEquals(1, onA.next("message").getInt("offset"));
        }
        try (WsClient publisher = connected(nodeA.base())) {
            for (int i = 2; i <= 5; i++) {
                publisher.request(publish(String.valueOf(i), topic, String.valueOf(i)));
            }
        }
        try (WsClient onB = connected(nodeB.base())) {
            JsonObject ack = onB.request(subscribe("s", topic, ",\"since\":{\"offset\":1,\"epoch\":\"" + epoch + "\"}"));
            assertTrue(ack.getBoolean("recovered"), ack.toString());
            assertEquals(5, ack.getInt("offset"));
            for (int i = 2; i <= 5; i++) {
                assertEquals(i, onB.next("message").getInt("offset"));
            }
            try (WsClient publisher = connected(nodeA.base())) {
                publisher.request(publish("6", topic, "6"));
            }
            assertEquals(6, onB.next("message").getInt("offset"), "then the live stream, without a gap");
        }
    }

    @Test
    @Order(3)
    void presenceAndJoinsAreClusterWide() throws Exception {
        String topic = topic();
        try (WsClient watcher = connected(nodeA.base())) {
            watcher.request(subscribe("w", topic, ",\"presence\":true"));
            String session;
            try (WsClient onB = WsClient.connect(nodeB.base())) {
                session = onB.next("welcome").getString("session");
                onB.request(subscribe("s", topic, ""));
                JsonObject join = watcher.next("join");
                assertEquals(session, join.getString("session"));
                for (URI node : List.of(nodeA.base(), nodeB.base())) {
                    JsonObject presence = Http.object(Http.anonymous(node).get("api/topics/" + topic + "/presence"));
                    assertEquals(2, presence.getInt("count"), "on " + node);
                }
            }
            assertEquals(session, watcher.next("leave").getString("session"));
        }
    }

    @Test
    @Order(4)
    void wildcardSubscribersReceiveTopicsCreatedOnTheOtherNode() throws Exception {
        String prefix = topic();
        try (WsClient onB = connected(nodeB.base()); WsClient publisher = connected(nodeA.base())) {
            onB.request(subscribe("s", prefix + ".>", ""));
            publisher.request(publish("1", prefix + ".created", "1"));
            publisher.request(publish("2", prefix + ".created", "2"));
            for (int i = 1; i <= 2; i++) {
                JsonObject message = onB.next("message");
                assertEquals(prefix + ".created", message.getString("topic"));
                assertEquals(i, message.getInt("offset"));
            }
        }
    }

    @Test
    @Order(5)
    void topicsAndStatsAreClusterWide() throws Exception {
        String topic = topic();
        try (WsClient onA = connected(nodeA.base()); WsClient onB = connected(nodeB.base())) {
            onA.request(subscribe("s", topic, ""));
            onA.request(publish("1", topic, "1"));
            JsonObject listed = Http.array(Http.anonymous(nodeB.base()).get("api/topics")).stream()
                    .map(JsonObject.class::cast).filter(t -> t.getString("topic").equals(topic)).findFirst()
                    .orElseThrow(() -> new AssertionError(topic + " is listed on the other node"));
            assertEquals(1, listed.getInt("offset"));
            assertEquals(1, listed.getInt("subscribers"));
            // every node shares its counts each second
            nodeB.awaitStats(stats -> stats.getJsonObject("cluster").getInt("connections") >= 2,
                    "the connections of both nodes are summed");
        }
    }

    @Test
    @Order(6)
    void readsCreateNothingAndTopicsNobodyUsesLeaveTheCluster() throws Exception {
        String madeUp = topic();
        JsonObject history = Http.object(Http.anonymous(nodeA.base()).get("api/topics/" + madeUp + "/messages"));
        assertTrue(history.getJsonArray("messages").isEmpty());
        assertFalse(history.containsKey("epoch"), "a topic nobody used has no numbering yet");
        String used = topic();
        try (WsClient publisher = connected(nodeA.base())) {
            publisher.request(publish("1", used, "1"));
        }
        assertTrue(listedTopics(nodeB.base()).contains(used));
        assertFalse(listedTopics(nodeB.base()).contains(madeUp), "the read created nothing cluster-wide");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (listedTopics(nodeB.base()).contains(used) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertFalse(listedTopics(nodeB.base()).contains(used), "expired and unused, the topic left the cluster");
        try (WsClient publisher = connected(nodeB.base())) {
            assertEquals(1, publisher.request(publish("again", used, "2")).getInt("offset"),
                    "used again, it is numbered afresh");
        }
    }

    private static List<String> listedTopics(URI node) {
        return Http.array(Http.anonymous(node).get("api/topics")).stream()
                .map(topic -> topic.asJsonObject().getString("topic")).toList();
    }

    @Test
    @Order(7)
    void behindNginxAnyNodeServesAnyClientWithoutStickySessions() throws Exception {
        String topic = topic();
        try (Nginx balancer = Nginx.inFrontOf(nodeA.base(), nodeB.base())) {
            List<WsClient> subscribers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                subscribers.add(connected(balancer.base()));
                subscribers.get(i).request(subscribe("s", topic, ""));
            }
            for (URI node : List.of(nodeA.base(), nodeB.base())) {
                assertTrue(Http.object(Http.anonymous(node).get("api/stats")).getInt("connections") >= 2,
                        "round robin spread the clients over both nodes");
            }
            for (int i = 1; i <= 10; i++) {
                try (WsClient publisher = connected(balancer.base())) {
                    publisher.request(publish(String.valueOf(i), topic, String.valueOf(i)));
                }
                assertEquals(201, Http.anonymous(balancer.base())
                        .post("api/topics/" + topic + "/messages", String.valueOf(i)).statusCode());
            }
            for (WsClient subscriber : subscribers) {
                for (int offset = 1; offset <= 20; offset++) {
                    assertEquals(offset, subscriber.next("message").getInt("offset"));
                }
                subscriber.close();
            }
        }
    }

    /**
     * Node B dies while a publisher on A keeps going: B's subscriber reconnects to A with {@code since} and gets
     * every acknowledged message once, in order; A serves throughout; a restarted B serves at once.
     */
    @Test
    @Order(8)
    void whenANodeDiesItsClientsRecoverOnTheOtherWithoutLosingAcknowledgedMessages() throws Exception {
        String topic = topic();
        WsClient onB = connected(nodeB.base());
        String epoch = onB.request(subscribe("s", topic, "")).getString("epoch");
        Set<Integer> acked = new TreeSet<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        WsClient publisher = connected(nodeA.base());
        Thread publishLoop = new Thread(() -> {
            for (int i = 1; publishing.get(); i++) {
                JsonObject ack = publisher.request(publish(String.valueOf(i), topic, String.valueOf(i)));
                acked.add(ack.getInt("offset"));
                pause(10);
            }
        });
        publishLoop.start();
        List<Integer> seen = new ArrayList<>();
        while (seen.size() < 20) {
            seen.add(onB.next("message").getInt("offset"));
        }
        nodeB.kill();
        onB.awaitClose();
        JsonObject frame;
        while ((frame = onB.nextOrNull()) != null) {
            seen.add(frame.getInt("offset"));
        }
        int last = seen.get(seen.size() - 1);
        try (WsClient again = connected(nodeA.base())) {
            JsonObject ack = again.request(subscribe("s", topic, ",\"since\":{\"offset\":" + last + ",\"epoch\":\"" + epoch + "\"}"));
            assertTrue(ack.getBoolean("recovered"), ack.toString());
            Thread.sleep(500);
            publishing.set(false);
            publishLoop.join();
            int lastAcked = ((TreeSet<Integer>) acked).last();
            while (seen.get(seen.size() - 1) < lastAcked) {
                seen.add(again.next("message").getInt("offset"));
            }
        }
        publisher.close();
        List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, seen.get(seen.size() - 1)).boxed().toList();
        assertEquals(expected, seen, "every message once, in order, across the node's death");
        assertTrue(acked.size() > 20, "publishing was under way: " + acked.size() + " acks");

        // assigned before it is awaited, so that a node that fails to start is still stopped after the tests
        nodeB = MicroServer.clustered("cluster-it-node-b-again", 6901, MEMBERS, HISTORY, TTL);
        nodeB.awaitReady(START);
        // published now: what was published before B restarted may have outlived the 20 s time to live meanwhile
        int recent = seen.get(seen.size() - 1);
        try (WsClient publisherAgain = connected(nodeA.base())) {
            for (int i = 1; i <= 5; i++) {
                publisherAgain.request(publish("again" + i, topic, String.valueOf(i)));
            }
        }
        try (WsClient onNewB = connected(nodeB.base())) {
            JsonObject ack = onNewB.request(subscribe("s", topic, ",\"since\":{\"offset\":" + recent + ",\"epoch\":\"" + epoch + "\"}"));
            assertTrue(ack.getBoolean("recovered"), "the joined node serves the cluster's history at once: " + ack);
            assertEquals(recent + 1, onNewB.next("message").getInt("offset"));
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static WsClient connected(URI node) {
        WsClient client = WsClient.connect(node);
        client.next("welcome");
        return client;
    }

    private static String topic() {
        return "public.cluster.t" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String subscribe(String id, String topic, String extra) {
        return "{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"topic\":\"" + topic + "\"" + extra + "}";
    }

    private static String publish(String id, String topic, String data) {
        return "{\"type\":\"publish\",\"id\":\"" + id + "\",\"topic\":\"" + topic + "\",\"data\":" + data + "}";
    }
}
