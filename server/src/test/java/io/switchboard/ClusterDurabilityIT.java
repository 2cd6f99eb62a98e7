package io.switchboard;

import io.switchboard.client.SubscribeOptions;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.testing.Http;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.PostgresServer;
import io.switchboard.testing.RestPublishers;
import io.switchboard.testing.WsClient;
import io.switchboard.testkit.Recording;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

import static io.switchboard.testing.Eventually.eventually;
import static io.switchboard.testkit.Awaiting.await;
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
    private static final int PUBLISHERS = 2;

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
     * topic numbers on from there. Recovery goes across the offsets of messages that were numbered but not yet
     * committed when the nodes died: nobody had been told they were accepted.
     */
    @Test
    void killingOneNodeThenTheOtherMidStreamAndRestartingBothLosesNothingAcknowledged() throws Exception {
        postgres = PostgresServer.start();
        MicroServer nodeA = node("cluster-durability-a", 6910);
        MicroServer nodeB = node("cluster-durability-b", 6911);
        nodeA.awaitReady(START);
        nodeB.awaitReady(START);
        nodeA.awaitStats(stats -> stats.getJsonObject("cluster").getInt("nodes") == 2, "two nodes");

        SwitchboardClient onB = connected(nodeB);
        String epoch = Recording.of(onB, TOPIC, JsonValue.class).ack().epoch();
        NavigableMap<Long, String> acked;
        try (RestPublishers publishers = new RestPublishers(nodeA.base(), TOPIC, PUBLISHERS)) {
            eventually(() -> publishers.acked.size() >= 200, "publishing is under way");
            nodeB.kill();
            onB.close();
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

        try (SwitchboardClient resumed = connected(nodeB)) {
            Recording<JsonValue> replay = Recording.of(resumed, TOPIC, JsonValue.class,
                    SubscribeOptions.since(0, epoch));
            ServerFrame.Ack ack = replay.ack();
            assertEquals(Boolean.TRUE, ack.recovered(), ack.toString());
            assertEquals(epoch, ack.epoch());
            long stored = ack.offset();
            assertTrue(stored >= lastAcked, "the restarted topic ends at " + stored + ", before acknowledged "
                    + lastAcked);
            List<Long> replayed = replay.awaitReceivedThrough(stored, Duration.ofSeconds(60)).stream()
                    .map(received -> received.message().offset()).toList();
            assertEquals(replayed.stream().distinct().sorted().toList(), replayed, "in order, each once");
            assertTrue(replayed.containsAll(acked.keySet()), "every acknowledged message: " + replayed);
            // offsets numbered but not yet committed when the nodes died are skipped; their publishers had no ack
            assertTrue(stored - replayed.size() <= PUBLISHERS, "only what was in flight is missing: " + replayed);

            HttpResponse<String> next = Http.anonymous(nodeA.base()).post("api/topics/" + TOPIC + "/messages", "{}");
            assertEquals(201, next.statusCode(), next.body());
            assertEquals(stored + 1, Http.object(next).getJsonNumber("offset").longValue(), "numbered on");
            assertEquals(epoch, Http.object(next).getString("epoch"));
            assertEquals(List.of(stored + 1), offsets(replay, 1), "and delivered on the other node");
        }
    }

    private MicroServer node(String name, int clusterPort) throws Exception {
        MicroServer node = MicroServer.clustered(name, clusterPort, MEMBERS,
                "-Dswitchboard.store.url=" + postgres.jdbcUrl(), "-Dswitchboard.store.user=" + postgres.user(),
                "-Dswitchboard.history-size=20000", "-Dswitchboard.send-queue-messages=20000");
        nodes.add(node);
        return node;
    }

    private static SwitchboardClient connected(MicroServer node) {
        SwitchboardClient client = SwitchboardClient.connect(WsClient.wsUri(node.base()));
        await(client.connected());
        return client;
    }

    private static List<Long> offsets(Recording<JsonValue> recording, int count) {
        return recording.awaitNextReceived(count, Duration.ofSeconds(60)).stream()
                .map(received -> received.message().offset()).toList();
    }
}
