package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.testing.TestConfig;
import io.switchboard.topic.Publication;
import io.switchboard.topic.RecordingSubscriber;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The cluster holds what one node would: {@code max-topics} bounds the cluster's topics, not each node's (a node
 * publishing to topics nobody on it subscribes to still creates them in the cluster, where every one costs a
 * ringbuffer), and what a node's publishes hold in the ringbuffers stays within its share of the history budget.
 * Two engines on one real Hazelcast member play two nodes.
 */
class ClusterBoundsTest {

    /** Three topics; a node's share of the cluster's history is 25,000 bytes. */
    private final SwitchboardConfig config = TestConfig.of("switchboard.store", "memory", "switchboard.max-topics", "3",
            "switchboard.history-max-bytes", "100000");
    private final FrameCodec codec = new FrameCodec();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final HazelcastInstance hazelcast = SingleMember.start();
    private final HazelcastTopicEngine nodeA = new HazelcastTopicEngine(hazelcast, config, codec, executor, null);
    private final HazelcastTopicEngine nodeB = new HazelcastTopicEngine(hazelcast, config, codec, executor, null);

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
        hazelcast.shutdown();
        executor.shutdownNow();
    }

    @Test
    void theClusterNumbersAtMostMaxTopicsWhicheverNodesCreateThem() {
        publish(nodeA, "public.a");
        publish(nodeA, "public.b");
        publish(nodeB, "public.c");

        SwitchboardException refused = assertThrows(SwitchboardException.class, () -> publish(nodeB, "public.d"));
        assertEquals(ErrorCode.TOPIC_LIMIT_REACHED, refused.code());
        assertThrows(SwitchboardException.class, () -> publish(nodeA, "public.e"), "on the other node too");

        assertEquals(4, publish(nodeB, "public.a") + publish(nodeA, "public.c"), "existing topics go on, on any node");
    }

    @Test
    void aNodeOverItsShareOfTheHistoryEvictsTheTopicsItFilledThatNobodySubscribesTo() throws Exception {
        String large = "x".repeat(10_000);
        RecordingSubscriber reader = new RecordingSubscriber("reader");
        nodeB.subscribe(reader, TopicPattern.of("public.a"), null, false, recovery -> { });
        Publication first = nodeA.publish(TopicName.of("public.a"), Json.createValue(large), "p").toCompletableFuture()
                .join();
        String evictedEpoch = epochOf(nodeA, "public.b", large);
        epochOf(nodeA, "public.b", large);
        epochOf(nodeA, "public.c", large);
        epochOf(nodeA, "public.c", large);

        nodeA.sweep();
        executor.submit(() -> { }).get(10, TimeUnit.SECONDS); // the review runs on the engine's worker

        assertNotEquals(evictedEpoch, epochOf(nodeA, "public.b", "again"), "b, filled earliest, was evicted");
        Publication second = nodeA.publish(TopicName.of("public.a"), Json.createValue("more"), "p")
                .toCompletableFuture().join();
        assertEquals(first.epoch(), second.epoch(), "a has a subscriber: kept");
        assertEquals(first.offset() + 1, second.offset());
    }

    /** The offset the cluster gave the message. */
    private static long publish(HazelcastTopicEngine node, String topic) {
        return node.publish(TopicName.of(topic), Json.createValue(1), "p").toCompletableFuture().join().offset();
    }

    private static String epochOf(HazelcastTopicEngine node, String topic, String data) {
        return node.publish(TopicName.of(topic), Json.createValue(data), "p").toCompletableFuture().join().epoch();
    }
}
