package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.store.Durability;
import io.switchboard.store.Stores;
import io.switchboard.testing.TestConfig;
import io.switchboard.topic.Footprint;
import io.switchboard.topic.Journal;
import io.switchboard.topic.Numbered;
import io.switchboard.topic.Position;
import io.switchboard.topic.Publication;
import io.switchboard.topic.RecordingSubscriber;
import io.switchboard.topic.Recovery;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A durable topic taken up from the shared store by a cluster whose every node restarted, with a real (single
 * member) Hazelcast: what the nodes committed comes back with its offsets, even where a node died between
 * numbering a message and committing it.
 */
class ClusterRestoreTest {

    private static final TopicName ORDERS = TopicName.of("orders.eu");
    private static final String EPOCH = "e1";

    @TempDir
    Path dataDir;

    private final FrameCodec codec = new FrameCodec();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private HazelcastInstance hazelcast;
    private Durability store;
    private HazelcastTopicEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (hazelcast != null) {
            hazelcast.shutdown();
        }
        if (store != null) {
            Stores.close(store);
        }
        executor.shutdownNow();
    }

    @Test
    void everythingCommittedComesBackAcrossAnOffsetNoNodeCommitted() throws Exception {
        committedBeforeEveryNodeStopped(1, 2, 4); // 3 was numbered by a node that died before it committed it
        startNode();

        Recovery fromTheStart = subscribe(new Position(0, EPOCH));
        assertEquals(Boolean.TRUE, fromTheStart.recovered());
        assertEquals(EPOCH, fromTheStart.epoch());
        assertEquals(4, fromTheStart.lastOffset());
        assertEquals(List.of(1L, 2L, 4L), offsets(fromTheStart.missed()));
        assertEquals(List.of(2L, 4L), offsets(engine.history(ORDERS, new Position(1, EPOCH), 10).messages()));
        assertEquals(5, engine.publish(ORDERS, Json.createValue(5), "p").toCompletableFuture().join().offset(),
                "numbered on from the last committed offset");
    }

    /** What a cluster's nodes committed, then every node stopped; the cluster numbered the topic {@link #EPOCH}. */
    private void committedBeforeEveryNodeStopped(long... offsets) {
        Durability before = Stores.of(config(), codec);
        try {
            Durability.Shared shared = before.openShared();
            shared.records().claim(ORDERS, EPOCH, 10, Instant.EPOCH);
            shared.journal().start(new Journal.Listener() {
                @Override
                public void committed(Numbered message) {
                }

                @Override
                public void rewind() {
                }
            });
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (long offset : offsets) {
                Publication message = new Publication(ORDERS, offset, EPOCH, now, Json.createValue(offset));
                shared.journal().append(new Numbered(message, "", Footprint.of(message.data())), "p")
                        .toCompletableFuture().join();
            }
        } finally {
            Stores.close(before);
        }
    }

    private void startNode() {
        hazelcast = SingleMember.start();
        store = Stores.of(config(), codec);
        engine = new HazelcastTopicEngine(hazelcast, config(), codec, executor, store.openShared());
    }

    private SwitchboardConfig config() {
        return TestConfig.of("switchboard.data-dir", dataDir.toString(), "switchboard.history-size", "10");
    }

    private Recovery subscribe(Position since) {
        AtomicReference<Recovery> recovery = new AtomicReference<>();
        engine.subscribe(new RecordingSubscriber("s"), TopicPattern.of(ORDERS.value()), since, false, recovery::set);
        assertTrue(recovery.get() != null, "answered before live");
        return recovery.get();
    }

    private static List<Long> offsets(List<Publication> publications) {
        return publications.stream().map(Publication::offset).toList();
    }
}
