package io.switchboard;

import io.switchboard.testing.Http;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.PostgresServer;
import io.switchboard.testing.RestPublishers;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.stream.LongStream;

import static io.switchboard.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Payara Micro nodes in one Hazelcast cluster that share a PostgreSQL history store: durable topics outlive
 * the loss of a node and then a restart of every node, crashes included, with their epochs, offsets and history.
 */
class ClusterDurabilityIT {

    /** Other ports than {@link ClusterIT}'s, so that a straggler of one never joins the other's cluster. */
    private static final String MEMBERS = "127.0.0.1:6910,127.0.0.1:6911";
    private static final Duration START = Duration.ofSeconds(180);
    private static final String TOPIC = "public.orders";

    private PostgresServer postgres;
    private final List<MicroServer> nodes = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (MicroServer node : nodes) {
            node.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /**
     * A publisher on node A keeps going while node B is killed, then A too. Both start again: a client that
     * resumes from the topic's start gets every acknowledged message, in order, with the same epoch, and the
     * topic numbers on from there.
     */
    @Test
    void killingOneNodeThenTheOtherMidStreamAndRestartingBothLosesNothingAcknowledged() throws Exception {
        postgres = PostgresServer.start();
        MicroServer nodeA = node("cluster-durability-a", 6910);
        MicroServer nodeB = node("cluster-durability-b", 6911);
        nodeA.awaitReady(START);
        nodeB.awaitReady(START);
        nodeA.awaitStats(stats -> stats.getJsonObject("cluster").getInt("nodes") == 2, "two nodes");

        WsClient onB = connected(nodeB);
        String epoch = onB.request(subscribe("s", "")).getString("epoch");
        NavigableMap<Long, String> acked;
        try (RestPublishers publishers = new RestPublishers(nodeA.base(), TOPIC, 2)) {
            eventually(() -> publishers.acked.size() >= 200, "publishing is under way");
            nodeB.kill();
            onB.abort();
            int beforeLoss = publishers.acked.size();
            eventually(() -> publishers.acked.size() >= beforeLoss + 200, "node A publishes on without node B");
            nodeA.kill();
            acked = publishers.stop();
        }
        assertEquals(List.of(epoch), acked.values().stream().distinct().toList(), "one epoch throughout");
        long lastAcked = acked.lastKey();

        nodeA.restart();
        nodeB.restart();
        nodeA.awaitReady(START);
        nodeB.awaitReady(START);
        nodeA.awaitStats(stats -> stats.getJsonObject("cluster").getInt("nodes") == 2, "two nodes again");

        try (WsClient resumed = connected(nodeB)) {
            JsonObject ack = resumed.request(subscribe("r", ",\"since\":{\"offset\":0,\"epoch\":\"" + epoch + "\"}"));
            assertEquals("ack", ack.getString("type"), ack.toString());
            assertTrue(ack.getBoolean("recovered"), ack.toString());
            assertEquals(epoch, ack.getString("epoch"));
            long stored = ack.getJsonNumber("offset").longValue();
            assertTrue(stored >= lastAcked, "the restarted topic ends at " + stored + ", before acknowledged "
                    + lastAcked);
            List<Long> replayed = new ArrayList<>();
            for (long offset = 1; offset <= stored; offset++) {
                replayed.add(resumed.next("message").getJsonNumber("offset").longValue());
            }
            assertEquals(LongStream.rangeClosed(1, stored).boxed().toList(), replayed,
                    "every acknowledged message, in order, without gaps");

            HttpResponse<String> next = Http.anonymous(nodeA.base()).post("api/topics/" + TOPIC + "/messages", "{}");
            assertEquals(201, next.statusCode(), next.body());
            assertEquals(stored + 1, Http.object(next).getJsonNumber("offset").longValue(), "numbered on");
            assertEquals(epoch, Http.object(next).getString("epoch"));
            assertEquals(stored + 1, resumed.next("message").getJsonNumber("offset").longValue(),
                    "and delivered on the other node");
        }
    }

    private MicroServer node(String name, int clusterPort) throws Exception {
        MicroServer node = MicroServer.clustered(name, clusterPort, MEMBERS,
                "-Dswitchboard.store.url=" + postgres.jdbcUrl(), "-Dswitchboard.store.user=" + postgres.user(),
                "-Dswitchboard.history-size=20000", "-Dswitchboard.send-queue-messages=20000");
        nodes.add(node);
        return node;
    }

    private static WsClient connected(MicroServer node) {
        WsClient client = WsClient.connect(node.base());
        client.next("welcome");
        return client;
    }

    private static String subscribe(String id, String extra) {
        return "{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"topic\":\"" + TOPIC + "\"" + extra + "}";
    }
}
