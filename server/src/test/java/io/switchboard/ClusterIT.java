package io.switchboard;

import io.switchboard.client.SubscribeOptions;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.testing.Http;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.ServerProcess;
import io.switchboard.testkit.Recording;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static io.switchboard.testkit.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Payara Micro nodes in the cluster of Payara's own Hazelcast ({@link ClusterContract}), and what the cluster
 * engine does alike on every server, tested here once: wildcard subscriptions across nodes, cluster-wide topics
 * and stats, and cluster state that stays as large as what is in use.
 */
class ClusterIT extends ClusterContract {

    @Override
    ServerProcess start(String name, int clusterPort, String members, String... settings) throws IOException {
        return MicroServer.clustered(name, clusterPort, members,
                Arrays.stream(settings).map(setting -> "-D" + setting).toArray(String[]::new));
    }

    @Override
    int[] clusterPorts() {
        return new int[]{6900, 6901};
    }

    @Test
    @Order(4)
    void wildcardSubscribersReceiveTopicsCreatedOnTheOtherNode() {
        String prefix = topic();
        Recording<Integer> onB = Recording.of(client(nodeB), prefix + ".>", Integer.class);
        SwitchboardClient publisher = client(nodeA);
        await(publisher.publish(prefix + ".created", 1));
        await(publisher.publish(prefix + ".created", 2));
        List<Recording.Received<Integer>> received = onB.awaitNextReceived(2, WITHIN);
        for (int i = 1; i <= 2; i++) {
            assertEquals(prefix + ".created", received.get(i - 1).message().topic());
            assertEquals(i, received.get(i - 1).message().offset());
        }
    }

    @Test
    @Order(5)
    void topicsAndStatsAreClusterWide() throws Exception {
        String topic = topic();
        SwitchboardClient onA = client(nodeA);
        client(nodeB);
        Recording.of(onA, topic, Integer.class);
        await(onA.publish(topic, 1));
        JsonObject listed = Http.array(Http.anonymous(nodeB.base()).get("api/topics")).stream()
                .map(JsonObject.class::cast).filter(t -> t.getString("topic").equals(topic)).findFirst()
                .orElseThrow(() -> new AssertionError(topic + " is listed on the other node"));
        assertEquals(1, listed.getInt("offset"));
        assertEquals(1, listed.getInt("subscribers"));
        // every node shares its counts each second
        nodeB.awaitStats(stats -> stats.getJsonObject("cluster").getInt("connections") >= 2,
                "the connections of both nodes are summed");
    }

    @Test
    @Order(6)
    void readsCreateNothingAndTopicsNobodyUsesLeaveTheCluster() throws Exception {
        String madeUp = topic();
        JsonObject history = Http.object(Http.anonymous(nodeA.base()).get("api/topics/" + madeUp + "/messages"));
        assertTrue(history.getJsonArray("messages").isEmpty());
        assertFalse(history.containsKey("epoch"), "a topic nobody used has no numbering yet");
        String used = topic();
        try (SwitchboardClient publisher = client(nodeA)) {
            await(publisher.publish(used, 1));
        }
        assertTrue(listedTopics(nodeB.base()).contains(used));
        assertFalse(listedTopics(nodeB.base()).contains(madeUp), "the read created nothing cluster-wide");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (listedTopics(nodeB.base()).contains(used) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertFalse(listedTopics(nodeB.base()).contains(used), "expired and unused, the topic left the cluster");
        assertEquals(1, await(client(nodeB).publish(used, 2)).offset(), "used again, it is numbered afresh");
    }

    private static List<String> listedTopics(URI node) {
        return Http.array(Http.anonymous(node).get("api/topics")).stream()
                .map(topic -> topic.asJsonObject().getString("topic")).toList();
    }

    /** After the node-loss test: the node, started again, joins and serves the cluster's history at once. */
    @Test
    @Order(9)
    void aNodeStartedAgainServesTheClustersHistoryAtOnce() throws Exception {
        assertTrue(afterLoss != null, "runs after the node-loss test");
        // assigned before it is awaited, so that a node that fails to start is still stopped after the tests
        nodeB = start(nodeName("b-again"), clusterPorts()[1], members(), HISTORY, TTL);
        nodeB.awaitReady(START);
        // published now: what was published before B restarted may have outlived the 20 s time to live meanwhile
        SwitchboardClient publisher = client(nodeA);
        for (int i = 1; i <= 5; i++) {
            await(publisher.publish(afterLoss.topic(), i));
        }
        Recording<Integer> onNewB = Recording.of(client(nodeB), afterLoss.topic(), Integer.class,
                SubscribeOptions.since(afterLoss.lastAcked(), afterLoss.epoch()));
        assertEquals(Boolean.TRUE, onNewB.ack().recovered(),
                "the joined node serves the cluster's history at once: " + onNewB.ack());
        assertEquals(afterLoss.lastAcked() + 1, onNewB.awaitNextReceived(1, WITHIN).get(0).message().offset());
    }
}
