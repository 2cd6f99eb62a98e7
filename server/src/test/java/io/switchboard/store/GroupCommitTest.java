package io.switchboard.store;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.topic.Footprint;
import io.switchboard.topic.Journal;
import io.switchboard.topic.Numbered;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.switchboard.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitTest {

    private static final TopicName ORDERS = TopicName.of("orders.eu");

    private final FakeStore store = new FakeStore();
    private final List<Publication> applied = new CopyOnWriteArrayList<>();
    private final AtomicInteger rewinds = new AtomicInteger();
    private GroupCommit journal = journal(1_000, Long.MAX_VALUE);

    private GroupCommit journal(int maxMessages, long maxBytes) {
        return new GroupCommit(store, JsonValue::toString, Clock.systemUTC(), Duration.ofMinutes(5), 100,
                new WaitingRoom(maxMessages, maxBytes));
    }

    private void start() {
        journal.start(new Journal.Listener() {
            @Override
            public void committed(Numbered message) {
                applied.add(message.publication());
            }

            @Override
            public void rewind() {
                rewinds.incrementAndGet();
            }
        });
    }

    private static Numbered message(long offset) {
        return numbered(new Publication(ORDERS, offset, "e1", Instant.now(), Json.createValue(offset)));
    }

    /** As the engine hands it over: its frame carries the data, its footprint is the data's estimate. */
    private static Numbered numbered(Publication publication) {
        return new Numbered(publication, "{\"type\":\"message\",\"data\":" + publication.data() + "}",
                Footprint.of(publication.data()));
    }

    private static SwitchboardException refusal(CompletableFuture<Publication> future) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
        return SwitchboardException.in(failed);
    }

    private void awaitRecovery() throws InterruptedException {
        eventually(() -> journal.problem().isEmpty(), "the journal recovers");
    }

    @AfterEach
    void close() {
        journal.close(Duration.ofSeconds(1));
    }

    @Test
    void whatQueuesUpDuringACommitIsCommittedTogetherInTheNext() throws Exception {
        start();
        store.holdCommits();
        CompletableFuture<Publication> first = journal.append(message(1), "a");
        store.awaitHeld();
        List<CompletableFuture<Publication>> waiting = new ArrayList<>();
        for (long offset = 2; offset <= 11; offset++) {
            waiting.add(journal.append(message(offset), "a"));
        }
        store.release();
        for (CompletableFuture<Publication> future : waiting) {
            future.get(5, TimeUnit.SECONDS);
        }
        assertEquals(1, first.get().offset());
        assertEquals(2, store.committed.size(), "one transaction for the first, one for the ten behind it");
        assertEquals(10, store.committed.get(1).messages().size());
        assertEquals(2, journal.commits());
    }

    @Test
    void aMessageIsAppliedAndAcknowledgedOnlyAfterItsCommitInAppendOrder() throws Exception {
        start();
        store.holdCommits();
        CompletableFuture<Publication> future = journal.append(message(1), "a");
        store.awaitHeld();
        Thread.sleep(50);
        assertFalse(future.isDone(), "not acknowledged before the commit");
        assertEquals(List.of(), applied, "not delivered before the commit");
        CompletableFuture<Publication> second = journal.append(message(2), "a");
        store.release();
        second.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(1L, 2L), applied.stream().map(Publication::offset).toList());
        assertEquals(2, journal.committedMessages());
    }

    @Test
    void aFailedCommitRefusesItsMessagesAndPublishesUntilTheDatabaseAnswersAgain() throws Exception {
        start();
        store.down = true;
        SwitchboardException refused = refusal(journal.append(message(1), "a"));
        assertEquals(ErrorCode.UNAVAILABLE, refused.code());
        assertEquals(List.of(), applied, "a refused message reaches nobody");
        assertTrue(journal.problem().orElseThrow().contains("connection refused"));
        SwitchboardException meanwhile = assertThrows(SwitchboardException.class, () -> journal.append(message(1), "a"));
        assertEquals(ErrorCode.UNAVAILABLE, meanwhile.code());

        store.down = false;
        awaitRecovery();
        assertEquals(1, rewinds.get(), "numbering goes on from the last committed offset");
        assertEquals(List.of(new MessageStore.Trim(ORDERS, "e1", 1)), store.discarded.get(0),
                "what the failed commit may have left is deleted");
        assertEquals(1, journal.append(message(1), "a").get(5, TimeUnit.SECONDS).offset());
    }

    @Test
    void trimsAndForgettingWaitOutAnOutage() throws Exception {
        start();
        store.down = true;
        journal.trim(ORDERS, "e1", 5);
        journal.trim(ORDERS, "e1", 7);
        journal.forget(TopicName.of("gone"));
        eventually(() -> journal.problem().isPresent(), "the commit of the trims fails");
        store.down = false;
        awaitRecovery();
        journal.append(message(1), "a").get(5, TimeUnit.SECONDS);
        MessageStore.Batch redone = store.committed.stream().filter(b -> !b.trims().isEmpty()).findFirst().orElseThrow();
        assertEquals(List.of(new MessageStore.Trim(ORDERS, "e1", 7)), redone.trims(), "only the latest trim of a topic");
        assertEquals(List.of(TopicName.of("gone")), redone.forgotten());
    }

    @Test
    void aLargeTrimIsDeletedASliceACommitAndGoesOnWithoutPublishes() throws Exception {
        start();
        journal.trim(ORDERS, "e1", 1);
        eventually(() -> trimsCommitted().size() == 1, "the first trim is committed");
        long slice = TrimBacklog.OFFSETS_PER_COMMIT;
        journal.trim(ORDERS, "e1", 1 + 3 * slice);
        eventually(() -> trimsCommitted().size() == 4, "the rest is committed in slices");
        assertEquals(List.of(1L, 1 + slice, 1 + 2 * slice, 1 + 3 * slice),
                trimsCommitted().stream().map(MessageStore.Trim::offset).toList());
    }

    @Test
    void aTopicForgottenDuringAnOutageLeavesNothingOfItsTrimsBehind() throws Exception {
        start();
        journal.trim(ORDERS, "e1", 1);
        eventually(() -> trimsCommitted().size() == 1, "the first trim is committed");
        store.down = true;
        journal.trim(TopicName.of("other"), "e1", 1);
        eventually(() -> journal.problem().isPresent(), "a commit fails");
        journal.forget(ORDERS);
        // two tries to recover later, the writer has taken the forgetting, while the database is still down
        int tries = store.discardTries.get();
        eventually(() -> store.discardTries.get() >= tries + 2, "the writer tries to recover twice more");
        store.down = false;
        awaitRecovery();
        long far = 1 + 3 * TrimBacklog.OFFSETS_PER_COMMIT;
        journal.trim(ORDERS, "e1", far);
        eventually(() -> trimsCommitted().stream().anyMatch(trim -> trim.offset() == far),
                "the trim is committed");
        assertEquals(List.of(far), trimsCommitted().stream().filter(trim -> trim.topic().equals(ORDERS))
                .map(MessageStore.Trim::offset).filter(offset -> offset > 1).toList(),
                "whole, as after any forgetting: nothing tells where the topic's rows begin");
    }

    private List<MessageStore.Trim> trimsCommitted() {
        return store.committed.stream().flatMap(batch -> batch.trims().stream()).toList();
    }

    @Test
    void whatWaitsForACommitIsBoundedAndARefusedMessageHoldsNoRoom() throws Exception {
        journal = journal(16, Long.MAX_VALUE);
        start();
        store.holdCommits();
        journal.append(message(1), "a");
        store.awaitHeld();
        journal.append(message(2), "a");
        SwitchboardException behind = assertThrows(SwitchboardException.class, () -> journal.append(message(3), "a"),
                "a publisher may fill an eighth of the room");
        assertEquals(ErrorCode.UNAVAILABLE, behind.code());
        assertEquals(2, journal.waiting());
        CompletableFuture<Publication> other = journal.append(message(3), "b");
        store.release();
        assertEquals(3, other.get(5, TimeUnit.SECONDS).offset());
    }

    @Test
    void theBytesWaitingAreBoundedToo() {
        journal = journal(1_000, 100);
        start();
        store.holdCommits();
        Publication big = new Publication(ORDERS, 1, "e1", Instant.now(), Json.createValue("x".repeat(1_000)));
        assertThrows(SwitchboardException.class, () -> journal.append(numbered(big), "a"));
        assertEquals(0, journal.waiting(), "a refused message holds no room");
        store.release();
    }

    @Test
    void closingCommitsWhatWasAppendedFirst() throws Exception {
        start();
        store.holdCommits();
        CompletableFuture<Publication> first = journal.append(message(1), "a");
        store.awaitHeld();
        CompletableFuture<Publication> second = journal.append(message(2), "a");
        new Thread(() -> {
            sleep(100);
            store.release();
        }).start();
        journal.close(Duration.ofSeconds(5));
        assertEquals(2, second.get(0, TimeUnit.SECONDS).offset());
        assertTrue(first.isDone());
        assertTrue(store.closed);
    }

    @Test
    void afterClosingNothingIsTakenThatCouldWaitForever() {
        start();
        journal.close(Duration.ofSeconds(1));
        SwitchboardException refused = assertThrows(SwitchboardException.class, () -> journal.append(message(1), "a"));
        assertEquals(ErrorCode.UNAVAILABLE, refused.code());
    }

    @Test
    void oldRowsAreExpiredByTheLongestTimeToLive() throws Exception {
        start();
        journal.append(message(1), "a").get(5, TimeUnit.SECONDS);
        eventually(() -> !store.expired.isEmpty(), "the first expiry runs with the first commit");
        Instant cutoff = store.expired.get(0);
        assertTrue(Duration.between(cutoff, Instant.now()).compareTo(Duration.ofMinutes(5)) >= 0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
