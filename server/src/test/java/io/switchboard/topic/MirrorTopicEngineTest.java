package io.switchboard.topic;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.testing.TestConfig;
import io.switchboard.protocol.ServerFrame;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node's mirror of cluster topics: numbered by its origin, fed through apply. */
class MirrorTopicEngineTest {

    private static final String EPOCH = "cluster-epoch";

    private final TopicName orders = TopicName.of("orders.eu");
    private final List<TopicName> opened = new ArrayList<>();
    private final List<TopicName> closed = new ArrayList<>();
    /** Restored after every node restarted: offsets 3 and 5 were numbered, but no node committed them. */
    private final TopicName restored = TopicName.of("orders.restored");
    /** The cluster already holds offsets 1 to 3 of every other topic. */
    private final TopicOrigin cluster = new TopicOrigin() {
        @Override
        public Snapshot open(TopicName topic) {
            opened.add(topic);
            if (topic.equals(restored)) {
                return new Snapshot(EPOCH, 5, List.of(message(topic, 1), message(topic, 2), message(topic, 4)));
            }
            return new Snapshot(EPOCH, 3, List.of(message(topic, 1), message(topic, 2), message(topic, 3)));
        }

        @Override
        public void closed(TopicName topic) {
            closed.add(topic);
        }

        @Override
        public boolean keepsTopicsElsewhere() {
            return true;
        }
    };
    private final MirrorTopicEngine mirror = new MirrorTopicEngine(TestConfig.of("switchboard.history-size", "10",
            "switchboard.history-ttl-seconds", "3600"), new FrameCodec(), cluster);

    private static Publication message(TopicName topic, long offset) {
        return new Publication(topic, offset, EPOCH, Instant.now(), Json.createValue(offset));
    }

    private static List<Long> offsets(List<Publication> publications) {
        return publications.stream().map(Publication::offset).toList();
    }

    private Recovery subscribe(Subscriber subscriber, String pattern, Position since) {
        AtomicReference<Recovery> recovery = new AtomicReference<>();
        mirror.subscribe(subscriber, TopicPattern.of(pattern), since, false, recovery::set);
        return recovery.get();
    }

    @Test
    void aTopicOpensWithTheClustersEpochOffsetAndHistory() {
        Recovery recovery = subscribe(new RecordingSubscriber("s"), "orders.eu", new Position(1, EPOCH));
        assertEquals(3, recovery.lastOffset());
        assertEquals(EPOCH, recovery.epoch());
        assertTrue(recovery.recovered());
        assertEquals(List.of(2L, 3L), recovery.missed().stream().map(Publication::offset).toList());
    }

    @Test
    void appliedMessagesReachSubscribersOnceEvenWhenTheFeedRepeatsTheSnapshot() {
        RecordingSubscriber subscriber = new RecordingSubscriber("s");
        subscribe(subscriber, "orders.eu", null);
        for (long offset = 2; offset <= 5; offset++) {
            mirror.apply(mirror.framed(message(orders, offset)));
        }
        assertEquals(List.of(4L, 5L), subscriber.offsets());
    }

    @Test
    void aGapRestartsTheRetainedHistorySoThatRecoveryAcrossItFails() {
        subscribe(new RecordingSubscriber("s"), "orders.eu", null);
        mirror.apply(mirror.framed(message(orders, 9)));
        HistorySlice slice = mirror.history(orders, new Position(3, EPOCH), 10);
        assertEquals(false, slice.recovered());
        assertEquals(List.of(9L), slice.messages().stream().map(Publication::offset).toList());
    }

    @Test
    void offsetsNoNodeCommittedAreSkippedAndRecoveryGoesAcrossThem() {
        Recovery recovery = subscribe(new RecordingSubscriber("s"), "orders.restored", new Position(0, EPOCH));
        assertTrue(recovery.recovered());
        assertEquals(5, recovery.lastOffset());
        assertEquals(List.of(1L, 2L, 4L), offsets(recovery.missed()));
        assertEquals(List.of(2L, 4L), offsets(mirror.history(restored, new Position(1, EPOCH), 10).messages()));

        mirror.apply(mirror.framed(message(restored, 6)));
        assertEquals(List.of(6L), offsets(subscribe(new RecordingSubscriber("late"), "orders.restored",
                new Position(4, EPOCH)).missed()), "numbered on after the last hole");
    }

    @Test
    void aHoleInTheFeedReachesNobodyAndRecoveryGoesAcrossIt() {
        RecordingSubscriber live = new RecordingSubscriber("s");
        subscribe(live, "orders.eu", null);
        mirror.apply(mirror.framed(message(orders, 4)));
        mirror.skipped(orders, 5, Instant.now());
        mirror.apply(mirror.framed(message(orders, 6)));
        assertEquals(List.of(4L, 6L), live.offsets());

        Recovery recovery = subscribe(new RecordingSubscriber("late"), "orders.eu", new Position(3, EPOCH));
        assertTrue(recovery.recovered());
        assertEquals(List.of(4L, 6L), offsets(recovery.missed()));
    }

    @Test
    void messagesThisNodeNeverGotAreToldToItsSubscribersAndNoRecoveryGoesAcrossThem() {
        RecordingSubscriber exact = new RecordingSubscriber("s");
        RecordingSubscriber wildcard = new RecordingSubscriber("w");
        subscribe(exact, "orders.eu", null);
        subscribe(wildcard, "orders.*", null);
        mirror.missed(orders, 4, 9);
        mirror.missed(orders, 5, 8);
        assertEquals(List.of("orders.eu 4-9"), exact.missed, "once, whatever comes late");
        assertEquals(List.of("orders.eu 4-9"), wildcard.missed);

        mirror.apply(mirror.framed(message(orders, 10)));
        assertEquals(List.of(10L), exact.offsets());
        assertEquals(false, subscribe(new RecordingSubscriber("late"), "orders.eu", new Position(3, EPOCH))
                .recovered());
        assertEquals(List.of(10L), offsets(subscribe(new RecordingSubscriber("later"), "orders.eu",
                new Position(9, EPOCH)).missed()));
    }

    @Test
    void aTopicTheClusterForgotWhileSomeoneSubscribedExactlyAsksThemToResumeAndLeavesWildcardsAlone() {
        RecordingSubscriber exact = new RecordingSubscriber("s");
        RecordingSubscriber wildcard = new RecordingSubscriber("w");
        subscribe(exact, "orders.eu", null);
        subscribe(wildcard, "orders.*", null);

        mirror.forget(orders);

        assertEquals(List.of("orders.eu 4-4"), exact.missed, "its session reconnects and resumes");
        assertEquals(List.of(), wildcard.missed, "a wildcard subscription has no position in it to lose");
    }

    @Test
    void aTopicCreatedAfterAWildcardSubscriptionIsDeliveredFromItsFirstMessageOnce() {
        RecordingSubscriber wildcard = new RecordingSubscriber("w");
        subscribe(wildcard, "orders.>", null);
        mirror.openCreated(orders);
        mirror.openCreated(orders);
        mirror.apply(mirror.framed(message(orders, 4)));
        assertEquals(List.of(1L, 2L, 3L, 4L), wildcard.offsets());
    }

    @Test
    void wildcardSubscribersOfAnOpenedTopicGetOnlyWhatFollows() {
        RecordingSubscriber wildcard = new RecordingSubscriber("w");
        subscribe(wildcard, "orders.*", null);
        assertTrue(mirror.watchedByPattern(orders));
        mirror.open(orders);
        mirror.apply(mirror.framed(message(orders, 4)));
        assertEquals(List.of(4L), wildcard.offsets());
    }

    @Test
    void aTopicNobodyHereListensToIsClosedEvenThoughTheClusterRetainsIt() {
        RecordingSubscriber subscriber = new RecordingSubscriber("s");
        subscribe(subscriber, "orders.eu", null);
        mirror.sweep();
        assertEquals(List.of(), closed);
        mirror.unsubscribe(subscriber, TopicPattern.of("orders.eu"));
        mirror.sweep();
        assertEquals(List.of(orders), closed);
    }

    @Test
    void aTopicAWildcardCoversStaysOpen() {
        subscribe(new RecordingSubscriber("w"), "orders.>", null);
        mirror.open(orders);
        mirror.sweep();
        assertEquals(List.of(), closed);
        assertEquals(List.of(orders), opened);
    }

    @Test
    void joinsFromOtherNodesReachPresenceSubscribersHere() {
        RecordingSubscriber watcher = new RecordingSubscriber("w");
        mirror.subscribe(watcher, TopicPattern.of("orders.eu"), null, true, recovery -> { });
        mirror.announceRemote(orders, new ServerFrame.Join("orders.eu", "elsewhere", "ann"));
        assertEquals(1, watcher.other.size());
        assertTrue(watcher.other.get(0).contains("\"session\":\"elsewhere\""), watcher.other.get(0));
    }
}
