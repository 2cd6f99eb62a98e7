package io.switchboard.topic;

import io.switchboard.testing.MutableClock;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.testing.TestConfig;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalTopicEngineTest {

    private final MutableClock clock = new MutableClock();
    private final LocalTopicEngine engine = new LocalTopicEngine(TestConfig.of("switchboard.history-size", "5", "switchboard.history-ttl-seconds", "60"),
            new FrameCodec(), clock, TopicOrigin.LOCAL);
    private final TopicName orders = TopicName.of("orders.eu");

    private Publication publish(TopicName topic) {
        return engine.publish(topic, Json.createValue(1), "test").toCompletableFuture().join();
    }

    private Recovery subscribe(Subscriber subscriber, String pattern, Position since) {
        AtomicReference<Recovery> recovery = new AtomicReference<>();
        engine.subscribe(subscriber, TopicPattern.of(pattern), since, false, recovery::set);
        return recovery.get();
    }

    @Test
    void offsetsCountFromOneWithinAnEpoch() {
        Publication first = publish(orders);
        Publication second = publish(orders);
        assertEquals(1, first.offset());
        assertEquals(2, second.offset());
        assertEquals(first.epoch(), second.epoch());
    }

    @Test
    void subscribersReceiveMessagesWithTheirEncodedFrame() {
        RecordingSubscriber subscriber = new RecordingSubscriber("s");
        subscribe(subscriber, "orders.eu", null);
        publish(orders);
        assertEquals(List.of(1L), subscriber.offsets());
        assertTrue(subscriber.frames.get(0).startsWith("{\"type\":\"message\",\"topic\":\"orders.eu\",\"offset\":1"));
    }

    @Test
    void aSubscriberMatchedSeveralTimesGetsEachMessageOnce() {
        RecordingSubscriber subscriber = new RecordingSubscriber("s");
        subscribe(subscriber, "orders.eu", null);
        subscribe(subscriber, "orders.*", null);
        subscribe(subscriber, "orders.>", null);
        publish(orders);
        assertEquals(1, subscriber.delivered.size());
    }

    @Test
    void wildcardSubscribersGetOnlyTopicsTheyMayRead() {
        RecordingSubscriber subscriber = new RecordingSubscriber("s", t -> t.value().startsWith("public."));
        subscribe(subscriber, ">", null);
        publish(orders);
        publish(TopicName.of("public.news"));
        assertEquals(List.of("public.news"), subscriber.delivered.stream().map(p -> p.topic().value()).toList());
    }

    @Test
    void subscribeReportsTheLastOffsetAndEpoch() {
        Publication last = publish(orders);
        Recovery recovery = subscribe(new RecordingSubscriber("s"), "orders.eu", null);
        assertEquals(1L, recovery.lastOffset());
        assertEquals(last.epoch(), recovery.epoch());
        assertNull(recovery.recovered());
    }

    @Test
    void subscribeSinceARetainedOffsetRecoversWhatFollows() {
        String epoch = publish(orders).epoch();
        publish(orders);
        publish(orders);
        Recovery recovery = subscribe(new RecordingSubscriber("s"), "orders.eu", new Position(1, epoch));
        assertTrue(recovery.recovered());
        assertEquals(List.of(2L, 3L), recovery.missed().stream().map(Publication::offset).toList());
    }

    @Test
    void subscribeSinceAnotherEpochIsNotRecovered() {
        publish(orders);
        Recovery recovery = subscribe(new RecordingSubscriber("s"), "orders.eu", new Position(0, "other"));
        assertFalse(recovery.recovered());
        assertTrue(recovery.missed().isEmpty());
    }

    @Test
    void subscribeSinceAnOffsetNoLongerRetainedIsNotRecovered() {
        String epoch = publish(orders).epoch();
        for (int i = 0; i < 6; i++) {
            publish(orders); // history keeps 5: offsets 3..7
        }
        assertFalse(subscribe(new RecordingSubscriber("s"), "orders.eu", new Position(1, epoch)).recovered());
        assertTrue(subscribe(new RecordingSubscriber("t"), "orders.eu", new Position(2, epoch)).recovered());
    }

    @Test
    void expiredMessagesAreNotRecovered() {
        String epoch = publish(orders).epoch();
        publish(orders);
        clock.advance(Duration.ofMinutes(2));
        assertFalse(subscribe(new RecordingSubscriber("s"), "orders.eu", new Position(1, epoch)).recovered());
    }

    @Test
    void unsubscribeStopsDelivery() {
        RecordingSubscriber subscriber = new RecordingSubscriber("s");
        subscribe(subscriber, "orders.*", null);
        engine.unsubscribe(subscriber, TopicPattern.of("orders.*"));
        publish(orders);
        assertTrue(subscriber.delivered.isEmpty());
        assertEquals(0, engine.stats().subscriptions());
    }

    @Test
    void joinAndLeaveGoToPresenceWatchersButNotToWhoMoved() {
        RecordingSubscriber watcher = new RecordingSubscriber("w");
        engine.subscribe(watcher, TopicPattern.of("orders.eu"), null, true, r -> { });
        RecordingSubscriber visitor = new RecordingSubscriber("v");
        engine.subscribe(visitor, TopicPattern.of("orders.eu"), null, true, r -> { });
        engine.unsubscribe(visitor, TopicPattern.of("orders.eu"));
        assertEquals(2, watcher.other.size());
        assertTrue(watcher.other.get(0).contains("\"type\":\"join\""));
        assertTrue(watcher.other.get(1).contains("\"type\":\"leave\""));
        assertTrue(visitor.other.isEmpty());
    }

    @Test
    void presenceListsExactSubscribers() {
        subscribe(new RecordingSubscriber("a"), "orders.eu", null);
        subscribe(new RecordingSubscriber("b"), "orders.*", null);
        assertEquals(List.of("a"), engine.presence(orders).stream().map(Member::session).toList());
    }

    @Test
    void historyWithoutSinceReturnsTheNewestMessages() {
        for (int i = 0; i < 4; i++) {
            publish(orders);
        }
        HistorySlice slice = engine.history(orders, null, 2);
        assertEquals(List.of(3L, 4L), slice.messages().stream().map(Publication::offset).toList());
        assertTrue(slice.recovered(), "nothing of this epoch was dropped yet");
    }

    @Test
    void idleTopicsAreForgottenAndStartANewEpoch() {
        Publication before = publish(orders);
        clock.advance(Duration.ofMinutes(2));
        engine.sweep();
        assertEquals(0, engine.stats().topics());
        Publication after = publish(orders);
        assertEquals(1, after.offset());
        assertNotEquals(before.epoch(), after.epoch());
    }

    @Test
    void topicsWithSubscribersSurviveTheSweep() {
        subscribe(new RecordingSubscriber("s"), "orders.eu", null);
        engine.sweep();
        assertEquals(1, engine.stats().topics());
    }

    /** The core guarantee: replay, then live, with no gap and no duplicate while publishers race. */
    @Test
    void recoveryDuringConcurrentPublishingHasNoGapAndNoDuplicate() throws Exception {
        LocalTopicEngine big = new LocalTopicEngine(TestConfig.of("switchboard.history-size", "100000",
                "switchboard.history-ttl-seconds", "60"), new FrameCodec(), clock, TopicOrigin.LOCAL);
        String epoch = big.publish(orders, JsonValue.NULL, "test").toCompletableFuture().join().epoch();
        int publishers = 4;
        int each = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        CountDownLatch start = new CountDownLatch(1);
        for (int p = 0; p < publishers; p++) {
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    big.publish(orders, JsonValue.TRUE, "test");
                }
                return null;
            });
        }
        start.countDown();
        RecordingSubscriber late = new RecordingSubscriber("late");
        List<Long> seen = new ArrayList<>();
        big.subscribe(late, TopicPattern.of("orders.eu"), new Position(1, epoch), false,
                recovery -> recovery.missed().forEach(p -> seen.add(p.offset())));
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        seen.addAll(late.offsets());
        assertEquals(LongStream.rangeClosed(2, 1 + publishers * each).boxed().toList(), seen);
    }
}
