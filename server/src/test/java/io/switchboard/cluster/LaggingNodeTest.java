package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.testing.TestConfig;
import io.switchboard.topic.Position;
import io.switchboard.topic.RecordingSubscriber;
import io.switchboard.topic.Recovery;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose reader falls behind by more than a topic's ringbuffer keeps, forced with a tiny ringbuffer and a
 * node that does nothing until the test lets it: its subscribers are told what they missed, no recovery goes
 * across it, and the node catches up by itself. Two engines on one real Hazelcast member play the two nodes.
 */
class LaggingNodeTest {

    private static final TopicName ORDERS = TopicName.of("orders.eu");
    private static final int RINGBUFFER = 16;

    private final SwitchboardConfig config = TestConfig.of("switchboard.store", "memory",
            "switchboard.cluster.ringbuffer-capacity", String.valueOf(RINGBUFFER), "switchboard.history-size", "10");
    private final FrameCodec codec = new FrameCodec();
    private final ExecutorService keepingUp = Executors.newSingleThreadExecutor();
    /** The lagging node's only thread: it runs nothing until the test says so. */
    private final BlockingQueue<Runnable> lagging = new LinkedBlockingQueue<>();
    private final HazelcastInstance hazelcast = SingleMember.start();
    private final HazelcastTopicEngine publishingNode = new HazelcastTopicEngine(hazelcast, config, codec, keepingUp,
            null);
    private final HazelcastTopicEngine laggingNode = new HazelcastTopicEngine(hazelcast, config, codec, lagging::add,
            null);

    @AfterEach
    void stop() {
        publishingNode.close();
        laggingNode.close();
        hazelcast.shutdown();
        keepingUp.shutdownNow();
    }

    @Test
    void aNodeThatFellBehindTellsItsSubscribersWhatTheyMissedAndCatchesUp() throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber("s");
        subscribe(laggingNode, subscriber, null);
        int published = 3 * RINGBUFFER;
        for (int n = 1; n <= published; n++) {
            publishingNode.publish(ORDERS, Json.createValue(n), "p").toCompletableFuture().join();
        }
        runLaggingNodeUntilQuiet();

        assertEquals(1, subscriber.missed.size(), String.valueOf(subscriber.missed));
        String[] range = subscriber.missed.get(0).substring(ORDERS.value().length() + 1).split("-");
        long firstMissed = Long.parseLong(range[0]);
        long lastMissed = Long.parseLong(range[1]);
        assertEquals(published - RINGBUFFER, lastMissed, "up to the oldest message the ringbuffer still keeps");
        List<Long> delivered = subscriber.offsets();
        assertEquals(firstMissed - 1, delivered.stream().filter(o -> o < firstMissed).count(),
                "everything before the gap, once: " + delivered);
        assertTrue(delivered.stream().noneMatch(o -> o >= firstMissed && o <= lastMissed), String.valueOf(delivered));
        assertEquals(published, delivered.get(delivered.size() - 1), "caught up by itself");

        assertFalse(subscribe(laggingNode, new RecordingSubscriber("across"), new Position(firstMissed - 1,
                epoch())).recovered(), "no recovery across what this node never had");
    }

    private Recovery subscribe(HazelcastTopicEngine node, RecordingSubscriber subscriber, Position since) {
        AtomicReference<Recovery> recovery = new AtomicReference<>();
        node.subscribe(subscriber, TopicPattern.of(ORDERS.value()), since, false, recovery::set);
        return recovery.get();
    }

    private String epoch() {
        return subscribe(publishingNode, new RecordingSubscriber("e"), null).epoch();
    }

    private void runLaggingNodeUntilQuiet() throws InterruptedException {
        Runnable task;
        while ((task = lagging.poll(500, TimeUnit.MILLISECONDS)) != null) {
            task.run();
        }
    }
}
