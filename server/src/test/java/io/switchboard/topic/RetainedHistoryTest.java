package io.switchboard.topic;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetainedHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** Each test message's footprint and frame length. */
    private static final int SIZE = 10;

    private final List<Long> released = new ArrayList<>();

    private RetainedHistory withOffsets(int capacity, int last) {
        return withOffsets(capacity, Long.MAX_VALUE, last);
    }

    private RetainedHistory withOffsets(int capacity, long maxBytes, int last) {
        RetainedHistory history = new RetainedHistory(capacity, maxBytes, released::add);
        for (int offset = 1; offset <= last; offset++) {
            history.append(message(offset), SIZE, SIZE);
        }
        return history;
    }

    private static Publication message(long offset) {
        return new Publication(TopicName.of("t"), offset, "e", T0.plusSeconds(offset), null);
    }

    private static List<Long> offsets(List<Publication> publications) {
        return publications.stream().map(Publication::offset).toList();
    }

    private static List<Long> latest(RetainedHistory history, int limit) {
        return offsets(history.after(history.beforeLatest(limit), limit, Long.MAX_VALUE));
    }

    @Test
    void aHoleKeepsItsOffsetButHoldsNoMessageSoRecoveryGoesAcrossIt() {
        RetainedHistory history = withOffsets(10, 2);
        history.hole(3, T0.plusSeconds(3));
        history.append(message(4), SIZE, SIZE);
        history.hole(5, T0.plusSeconds(5));
        assertTrue(history.continuesFrom(2, 5));
        assertEquals(List.of(4L), offsets(history.after(2, 10, Long.MAX_VALUE)));
        assertEquals(2 * SIZE, history.charsAfter(1));
        assertEquals(List.of(2L, 4L), latest(history, 2), "the newest two messages, holes not counted");
        assertEquals(List.of(1L, 2L), offsets(history.after(0, 2, Long.MAX_VALUE)));

        history.dropOlderThan(T0.plusSeconds(4));
        assertEquals(List.of(4L), offsets(history.after(0, 10, Long.MAX_VALUE)), "holes age like messages");
        assertFalse(history.continuesFrom(2, 5));
    }

    @Test
    void keepsOnlyTheNewestMessagesUpToCapacity() {
        RetainedHistory history = withOffsets(3, 5);
        assertEquals(3, history.size());
        assertEquals(List.of(3L, 4L, 5L), latest(history, 10));
    }

    @Test
    void keepsOnlyTheNewestMessagesWithinItsBytes() {
        RetainedHistory history = withOffsets(100, 3 * SIZE, 5);
        assertEquals(List.of(3L, 4L, 5L), latest(history, 10));
        assertEquals(3 * SIZE, history.bytes());
    }

    @Test
    void keepsTheNewestMessageEvenIfItAloneIsOverItsBytes() {
        RetainedHistory history = withOffsets(100, 3 * SIZE, 2);
        history.append(message(3), 100 * SIZE, SIZE);
        assertEquals(List.of(3L), latest(history, 10));
    }

    @Test
    void everyDroppedMessageIsReportedWithItsFootprint() {
        RetainedHistory history = withOffsets(3, 5);
        assertEquals(List.of((long) SIZE, (long) SIZE), released, "two dropped by count");
        history.dropOlderThan(T0.plusSeconds(5));
        history.dropThrough(5);
        assertEquals(5, released.size());
        assertEquals(0, history.bytes());
    }

    @Test
    void dropsMessagesOlderThanTheCutoff() {
        RetainedHistory history = withOffsets(10, 5);
        history.dropOlderThan(T0.plusSeconds(4));
        assertEquals(List.of(4L, 5L), latest(history, 10));
    }

    @Test
    void dropThroughEvictsTheOldestUpToAnOffset() {
        RetainedHistory history = withOffsets(10, 5);
        history.dropThrough(3);
        assertEquals(List.of(4L, 5L), latest(history, 10));
        assertFalse(history.continuesFrom(2, 5), "what was evicted cannot be recovered");
    }

    @Test
    void afterReturnsTheMessagesFollowingAnOffsetUpToALimit() {
        RetainedHistory history = withOffsets(10, 6);
        assertEquals(List.of(3L, 4L), offsets(history.after(2, 2, Long.MAX_VALUE)));
        assertEquals(List.of(), offsets(history.after(6, 5, Long.MAX_VALUE)));
    }

    @Test
    void afterStopsAtThePageSizeButReturnsAtLeastOneMessage() {
        RetainedHistory history = withOffsets(10, 6);
        assertEquals(List.of(1L, 2L, 3L), offsets(history.after(0, 10, 3 * SIZE + SIZE / 2)));
        assertEquals(List.of(1L), offsets(history.after(0, 10, 1)));
    }

    @Test
    void charsAfterAddsUpWhatAReplayWouldQueue() {
        RetainedHistory history = withOffsets(10, 6);
        assertEquals(4 * SIZE, history.charsAfter(2));
        assertEquals(0, history.charsAfter(6));
    }

    @Test
    void latestReturnsTheNewestOldestFirst() {
        assertEquals(List.of(5L, 6L), latest(withOffsets(10, 6), 2));
    }

    @Test
    void theRingGrowsAcrossItsWrapAroundWithoutLosingOrder() {
        RetainedHistory history = withOffsets(1000, 3);
        history.dropThrough(2);
        for (int offset = 4; offset <= 40; offset++) {
            history.append(message(offset), SIZE, SIZE);
        }
        assertEquals(java.util.stream.LongStream.rangeClosed(3, 40).boxed().toList(), latest(history, 1000));
    }

    @Test
    void continuesFromAnOffsetWhenEveryLaterMessageIsKept() {
        RetainedHistory history = withOffsets(3, 5); // keeps 3, 4, 5
        assertTrue(history.continuesFrom(2, 5));
        assertTrue(history.continuesFrom(5, 5));
        assertFalse(history.continuesFrom(1, 5), "offset 2 was dropped");
        assertFalse(history.continuesFrom(6, 5), "a future offset is not ours");
    }

    @Test
    void anEmptyHistoryContinuesOnlyFromTheLastOffset() {
        RetainedHistory history = withOffsets(3, 2);
        history.dropOlderThan(T0.plusSeconds(100));
        assertTrue(history.continuesFrom(2, 2));
        assertFalse(history.continuesFrom(1, 2));
    }
}
