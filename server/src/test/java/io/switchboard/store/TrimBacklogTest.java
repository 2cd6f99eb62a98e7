package io.switchboard.store;

import io.switchboard.store.MessageStore.Trim;
import io.switchboard.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.switchboard.store.TrimBacklog.OFFSETS_PER_COMMIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrimBacklogTest {

    private static final TopicName ORDERS = TopicName.of("orders");
    private static final TopicName PRICES = TopicName.of("prices");

    private final TrimBacklog backlog = new TrimBacklog();

    /** Takes the next slice and commits it, as the writer does. */
    private List<Trim> commitNext() {
        List<Trim> slice = backlog.take();
        backlog.committed(slice);
        return slice;
    }

    @Test
    void aTopicsFirstTrimGoesWholeForNothingTellsWhereItsRowsBegin() {
        backlog.add(new Trim(ORDERS, "e1", 10_000));
        assertEquals(List.of(new Trim(ORDERS, "e1", 10_000)), commitNext());
        assertTrue(backlog.isEmpty());
    }

    @Test
    void aLargeTrimIsDeletedInSlicesFromWhereTheLastOneEnded() {
        backlog.add(new Trim(ORDERS, "e1", 100));
        commitNext();
        backlog.add(new Trim(ORDERS, "e1", 100 + 2 * OFFSETS_PER_COMMIT + 1));
        assertEquals(List.of(new Trim(ORDERS, "e1", 100 + OFFSETS_PER_COMMIT)), commitNext());
        assertEquals(List.of(new Trim(ORDERS, "e1", 100 + 2 * OFFSETS_PER_COMMIT)), commitNext());
        assertEquals(List.of(new Trim(ORDERS, "e1", 100 + 2 * OFFSETS_PER_COMMIT + 1)), commitNext());
        assertTrue(backlog.isEmpty());
    }

    @Test
    void aFirstTrimCountsAsAWholeSliceSoTheNextTopicWaitsForTheNextCommit() {
        backlog.add(new Trim(ORDERS, "e1", 100));
        backlog.add(new Trim(PRICES, "e1", 100));
        assertEquals(List.of(new Trim(ORDERS, "e1", 100)), commitNext());
        assertEquals(List.of(new Trim(PRICES, "e1", 100)), commitNext());
    }

    @Test
    void smallTrimsOfSeveralTopicsShareACommit() {
        backlog.add(new Trim(ORDERS, "e1", 100));
        backlog.add(new Trim(PRICES, "e1", 100));
        commitNext();
        commitNext();
        backlog.add(new Trim(ORDERS, "e1", 110));
        backlog.add(new Trim(PRICES, "e1", 120));
        assertEquals(List.of(new Trim(ORDERS, "e1", 110), new Trim(PRICES, "e1", 120)), commitNext());
    }

    @Test
    void topicsTakeTurnsSoThatOneBusyTopicDelaysNoOtherForLong() {
        backlog.add(new Trim(ORDERS, "e1", 1));
        backlog.add(new Trim(PRICES, "e1", 1));
        commitNext();
        commitNext();
        backlog.add(new Trim(ORDERS, "e1", 1 + 10 * OFFSETS_PER_COMMIT));
        backlog.add(new Trim(PRICES, "e1", 1 + 10 * OFFSETS_PER_COMMIT));
        assertEquals(ORDERS, commitNext().get(0).topic());
        assertEquals(PRICES, commitNext().get(0).topic());
        assertEquals(ORDERS, commitNext().get(0).topic());
    }

    @Test
    void aNewerTrimReplacesTheOneWaiting() {
        backlog.add(new Trim(ORDERS, "e1", 5));
        backlog.add(new Trim(ORDERS, "e1", 7));
        assertEquals(List.of(new Trim(ORDERS, "e1", 7)), commitNext());
    }

    @Test
    void aNewEpochStartsOverAndAForgottenTopicNeedsNoTrims() {
        backlog.add(new Trim(ORDERS, "e1", 100));
        commitNext();
        backlog.add(new Trim(ORDERS, "e2", 5_000));
        assertEquals(List.of(new Trim(ORDERS, "e2", 5_000)), commitNext(), "nothing tells where e2's rows begin");

        backlog.add(new Trim(ORDERS, "e2", 6_000));
        backlog.forget(ORDERS);
        assertTrue(backlog.isEmpty());
        assertEquals(List.of(), backlog.take());
    }

    @Test
    void aSliceThatWasNotCommittedIsTakenAgainFromTheSamePlace() {
        backlog.add(new Trim(ORDERS, "e1", 100));
        commitNext();
        backlog.add(new Trim(ORDERS, "e1", 100 + 2 * OFFSETS_PER_COMMIT));
        List<Trim> failed = backlog.take(); // its commit fails: the writer hands it to the outage instead
        assertEquals(List.of(new Trim(ORDERS, "e1", 100 + OFFSETS_PER_COMMIT)), failed);
        assertEquals(List.of(new Trim(ORDERS, "e1", 100 + OFFSETS_PER_COMMIT)), commitNext(),
                "the rest is sliced from the last committed trim");
    }
}
