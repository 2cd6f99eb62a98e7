package io.switchboard.topic;

import io.switchboard.testing.MutableClock;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.testing.TestConfig;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An engine whose durable topics go through a journal: nobody sees what is not committed, and a restart keeps it. */
class DurableTopicEngineTest {

    private static final TopicName ORDERS = TopicName.of("orders.eu");

    private final MutableClock clock = new MutableClock();
    private final RecordingJournal journal = new RecordingJournal();
    private final SwitchboardConfig config = TestConfig.of(
            "switchboard.history-size", "5",
            "switchboard.history-ttl-seconds", "60",
            "switchboard.topics.\"chat.>\".durable", "false",
            "switchboard.topics.\"orders.audit\".history-size", "2");
    private LocalTopicEngine engine = restart(config);

    private LocalTopicEngine restart(SwitchboardConfig settings) {
        return LocalTopicEngine.durable(settings, new FrameCodec(), clock, journal);
    }

    private CompletableFuture<Publication> publish(TopicName topic) {
        return engine.publish(topic, Json.createValue(1), "test").toCompletableFuture();
    }

    private Recovery subscribe(Subscriber subscriber, TopicName topic, Position since) {
        AtomicReference<Recovery> recovery = new AtomicReference<>();
        engine.subscribe(subscriber, TopicPattern.of(topic.value()), since, false, recovery::set);
        return recovery.get();
    }

    private List<Long> history(TopicName topic) {
        return engine.history(topic, null, 100).messages().stream().map(Publication::offset).toList();
    }

    @Test
    void aDurableMessageReachesNobodyAndIsNotAcknowledgedBeforeItsCommit() {
        RecordingSubscriber subscriber = new RecordingSubscriber("s");
        subscribe(subscriber, ORDERS, null);
        CompletableFuture<Publication> published = publish(ORDERS);
        assertFalse(published.isDone());
        assertEquals(List.of(), subscriber.offsets());
        assertEquals(List.of(), history(ORDERS));
        journal.commitAll();
        assertEquals(1, published.join().offset());
        assertEquals(List.of(1L), subscriber.offsets());
        assertEquals(List.of(1L), history(ORDERS));
    }

    @Test
    void aSubscriberJoiningWhileACommitIsUnderWayGetsItLiveExactlyOnce() {
        publish(ORDERS);
        journal.commitAll();
        publish(ORDERS);
        RecordingSubscriber late = new RecordingSubscriber("late");
        Recovery recovery = subscribe(late, ORDERS, new Position(0, engine.history(ORDERS, null, 1).epoch()));
        assertEquals(1, recovery.lastOffset(), "the ack names the last committed offset");
        assertEquals(List.of(1L), recovery.missed().stream().map(Publication::offset).toList());
        journal.commitAll();
        assertEquals(List.of(2L), late.offsets());
    }

    @Test
    void aMessageTheStoreRefusedLeavesNoGapInTheNumbering() {
        RecordingSubscriber subscriber = new RecordingSubscriber("s");
        subscribe(subscriber, ORDERS, null);
        publish(ORDERS);
        journal.commitAll();
        CompletableFuture<Publication> refused = publish(ORDERS);
        journal.failAll();
        assertTrue(refused.isCompletedExceptionally());
        CompletableFuture<Publication> next = publish(ORDERS);
        journal.commitAll();
        assertEquals(2, next.join().offset());
        assertEquals(List.of(1L, 2L), subscriber.offsets());
    }

    @Test
    void aRestartBringsBackEachTopicsEpochOffsetAndHistory() {
        for (int i = 0; i < 3; i++) {
            publish(ORDERS);
        }
        journal.commitAll();
        String epoch = engine.history(ORDERS, null, 1).epoch();

        engine = restart(config);
        Recovery recovery = subscribe(new RecordingSubscriber("back"), ORDERS, new Position(1, epoch));
        assertEquals(epoch, recovery.epoch());
        assertTrue(recovery.recovered());
        assertEquals(List.of(2L, 3L), recovery.missed().stream().map(Publication::offset).toList());
        CompletableFuture<Publication> next = publish(ORDERS);
        journal.commitAll();
        assertEquals(4, next.join().offset());
        assertEquals(epoch, next.join().epoch());
    }

    @Test
    void systemTopicsAndTopicsSetToMemoryAreNeitherJournaledNorRestored() {
        assertTrue(publish(TopicName.of("sys.metrics")).isDone(), "sys.* is published at once");
        assertTrue(publish(TopicName.of("chat.room")).isDone(), "so is a topic set to durable=false");
        journal.commitAll();
        assertEquals(List.of(), List.copyOf(journal.stored.keySet()));
        engine = restart(config);
        assertFalse(engine.exists(TopicName.of("chat.room")));
    }

    @Test
    void retentionByPatternIsPassedOnToTheStoreAndHoldsAfterARestart() {
        TopicName audit = TopicName.of("orders.audit");
        for (int i = 0; i < 5; i++) {
            publish(audit);
        }
        journal.commitAll();
        engine.sweep();
        assertEquals(4L, journal.trimmedBelow.get(audit), "orders.audit keeps 2 messages");
        engine = restart(config);
        assertEquals(List.of(4L, 5L), history(audit));
    }

    @Test
    void aRestartWithSmallerLimitsTrimsWhatWasStored() {
        for (int i = 0; i < 5; i++) {
            publish(ORDERS);
        }
        journal.commitAll();
        engine = restart(TestConfig.of("switchboard.history-size", "2"));
        assertEquals(List.of(4L, 5L), history(ORDERS));
        engine.sweep();
        assertEquals(4L, journal.trimmedBelow.get(ORDERS));
    }

    @Test
    void aDurableTopicWhoseHistoryExpiredIsForgottenByTheStoreToo() {
        publish(ORDERS);
        journal.commitAll();
        clock.advance(Duration.ofSeconds(61));
        engine.sweep();
        assertEquals(List.of(ORDERS), journal.forgotten);
        engine = restart(config);
        assertFalse(engine.exists(ORDERS));
    }

    @Test
    void aTopicWhoseMessagesWaitForTheirCommitIsKept() {
        CompletableFuture<Publication> waiting = publish(ORDERS);
        clock.advance(Duration.ofSeconds(61));
        engine.sweep();
        assertEquals(List.of(), journal.forgotten);
        assertTrue(engine.exists(ORDERS));
        journal.commitAll();
        assertEquals(1, waiting.join().offset());
    }
}
