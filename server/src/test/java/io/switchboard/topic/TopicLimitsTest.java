package io.switchboard.topic;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.testing.TestConfig;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What bounds the memory of an engine: per topic, for all topics together, and the number of topics. */
class TopicLimitsTest {

    private static final String KILOBYTE = "x".repeat(1000);

    private static LocalTopicEngine engine(String... settings) {
        return new LocalTopicEngine(TestConfig.of(settings), new FrameCodec(), Clock.systemUTC(), TopicOrigin.LOCAL);
    }

    private static Publication publishKilobyte(LocalTopicEngine engine, String topic) {
        return engine.publish(TopicName.of(topic), Json.createValue(KILOBYTE), "test").toCompletableFuture().join();
    }

    private static List<Long> offsets(HistorySlice slice) {
        return slice.messages().stream().map(Publication::offset).toList();
    }

    private static Recovery subscribe(LocalTopicEngine engine, Subscriber subscriber, String topic, Position since) {
        AtomicReference<Recovery> recovery = new AtomicReference<>();
        engine.subscribe(subscriber, TopicPattern.of(topic), since, false, recovery::set);
        return recovery.get();
    }

    @Test
    void theHubWideBudgetEvictsTheOldestMessagesOfAnyTopic() {
        LocalTopicEngine engine = engine("switchboard.history-max-bytes", "30000");
        Publication first = publishKilobyte(engine, "a.one");
        for (int i = 0; i < 40; i++) {
            publishKilobyte(engine, "b.flood" + i);
        }
        EngineStats stats = engine.stats();
        assertTrue(stats.retainedBytes() <= 30_000, "retained " + stats.retainedBytes());
        assertTrue(stats.evicted() > 0);
        assertTrue(engine.history(TopicName.of("a.one"), null, 10).messages().isEmpty(), "the oldest went first");
        assertFalse(subscribe(engine, new RecordingSubscriber("s"), "a.one", new Position(0, first.epoch()))
                .recovered(), "an evicted message cannot be recovered");
        assertEquals(1, engine.history(TopicName.of("b.flood39"), null, 10).messages().size(), "the newest stay");
    }

    @Test
    void aTopicRetainsNoMoreThanItsBytes() {
        LocalTopicEngine engine = engine("switchboard.history-topic-bytes", "5000");
        for (int i = 0; i < 20; i++) {
            publishKilobyte(engine, "a.b");
        }
        assertTrue(engine.stats().retainedBytes() <= 5000);
        assertEquals(20L, offsets(engine.history(TopicName.of("a.b"), null, 100)).get(
                engine.history(TopicName.of("a.b"), null, 100).messages().size() - 1));
    }

    @Test
    void anExactSubscriptionRetainsNothing() {
        LocalTopicEngine engine = engine();
        subscribe(engine, new RecordingSubscriber("s"), "a.b", null);
        assertEquals(0, engine.stats().retainedBytes());
    }

    @Test
    void readingATopicThatDoesNotExistCreatesNothing() {
        LocalTopicEngine engine = engine();
        HistorySlice slice = engine.history(TopicName.of("made.up"), null, 10);
        assertNull(slice.epoch());
        assertTrue(slice.messages().isEmpty());
        assertTrue(engine.presence(TopicName.of("made.up")).isEmpty());
        assertFalse(engine.exists(TopicName.of("made.up")));
        assertEquals(0, engine.stats().topics());
    }

    @Test
    void theNumberOfTopicsIsBounded() {
        LocalTopicEngine engine = engine("switchboard.max-topics", "3");
        publishKilobyte(engine, "t.1");
        publishKilobyte(engine, "t.2");
        subscribe(engine, new RecordingSubscriber("s"), "t.3", null);
        SwitchboardException refused = assertThrows(SwitchboardException.class, () -> publishKilobyte(engine, "t.4"));
        assertEquals(ErrorCode.TOPIC_LIMIT_REACHED, refused.code());
        assertThrows(SwitchboardException.class, () -> subscribe(engine, new RecordingSubscriber("s"), "t.5", null));
        assertEquals(2, publishKilobyte(engine, "t.1").offset(), "existing topics work as before");
    }

    @Test
    void historyComesInPagesThatSayWhereTheNextBegins() {
        // each message frame is a little over 1000 characters; a page takes three
        LocalTopicEngine engine = engine("switchboard.history-page-bytes", "3500");
        for (int i = 0; i < 7; i++) {
            publishKilobyte(engine, "a.b");
        }
        HistorySlice first = engine.history(TopicName.of("a.b"), null, 100);
        assertEquals(List.of(1L, 2L, 3L), offsets(first));
        assertTrue(first.recovered());
        assertEquals(3, first.next().offset());
        HistorySlice second = engine.history(TopicName.of("a.b"), first.next(), 100);
        assertEquals(List.of(4L, 5L, 6L), offsets(second));
        HistorySlice last = engine.history(TopicName.of("a.b"), second.next(), 100);
        assertEquals(List.of(7L), offsets(last));
        assertNull(last.next(), "nothing more");
    }

    @Test
    void aPageNeverExceedsHalfTheSendQueue() {
        LocalTopicEngine engine = engine("switchboard.send-queue-bytes", "4000");
        for (int i = 0; i < 5; i++) {
            publishKilobyte(engine, "a.b");
        }
        HistorySlice page = engine.history(TopicName.of("a.b"), null, 100);
        assertEquals(1, page.messages().size());
        assertNotNull(page.next());
    }

    /** Ten kilobyte messages on {@code a.b}; returns their epoch. */
    private static String tenKilobytes(LocalTopicEngine engine) {
        String epoch = publishKilobyte(engine, "a.b").epoch();
        for (int i = 0; i < 9; i++) {
            publishKilobyte(engine, "a.b");
        }
        return epoch;
    }

    @Test
    void aRecoveryThatWouldOverflowTheSubscribersQueueIsNotRecovered() {
        LocalTopicEngine engine = engine();
        String epoch = tenKilobytes(engine);
        RecordingSubscriber small = new RecordingSubscriber("small");
        small.roomChars = 5000;
        Recovery recovery = subscribe(engine, small, "a.b", new Position(1, epoch));
        assertFalse(recovery.recovered(), "nine kilobyte messages do not fit in five kilobytes");
        assertTrue(recovery.missed().isEmpty());
        RecordingSubscriber roomy = new RecordingSubscriber("roomy");
        assertTrue(subscribe(engine, roomy, "a.b", new Position(1, epoch)).recovered());
    }

    @Test
    void aRecoveryOfMoreFramesThanTheQueueTakesIsNotRecoveredEither() {
        LocalTopicEngine engine = engine();
        String epoch = tenKilobytes(engine);
        RecordingSubscriber few = new RecordingSubscriber("few");
        few.roomFrames = 9;
        assertFalse(subscribe(engine, few, "a.b", new Position(1, epoch)).recovered(),
                "nine messages and the ack are ten frames");
        RecordingSubscriber enough = new RecordingSubscriber("enough");
        enough.roomFrames = 10;
        assertTrue(subscribe(engine, enough, "a.b", new Position(1, epoch)).recovered());
    }
}
