package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.testing.TestConfig;
import io.switchboard.topic.TopicName;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code max-topics} bounds the cluster's topics, not each node's: a node publishing to topics nobody on it
 * subscribes to still creates them in the cluster, where every one costs a ringbuffer. Two engines on one real
 * Hazelcast member play two nodes.
 */
class ClusterTopicLimitTest {

    private final SwitchboardConfig config = TestConfig.of("switchboard.store", "memory", "switchboard.max-topics", "3");
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

    /** The offset the cluster gave the message. */
    private static long publish(HazelcastTopicEngine node, String topic) {
        return node.publish(TopicName.of(topic), Json.createValue(1), "p").toCompletableFuture().join().offset();
    }
}
