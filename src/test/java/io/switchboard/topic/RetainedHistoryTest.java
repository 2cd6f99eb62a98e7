package io.switchboard.topic;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetainedHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static RetainedHistory withOffsets(int capacity, int last) {
        RetainedHistory history = new RetainedHistory(capacity);
        for (int offset = 1; offset <= last; offset++) {
            history.append(new Publication(TopicName.of("t"), offset, "e", T0.plusSeconds(offset), null));
        }
        return history;
    }

    private static List<Long> offsets(List<Publication> publications) {
        return publications.stream().map(Publication::offset).toList();
    }

    @Test
    void keepsOnlyTheNewestMessagesUpToCapacity() {
        RetainedHistory history = withOffsets(3, 5);
        assertEquals(3, history.size());
        assertEquals(List.of(3L, 4L, 5L), offsets(history.latest(10)));
    }

    @Test
    void dropsMessagesOlderThanTheCutoff() {
        RetainedHistory history = withOffsets(10, 5);
        history.dropOlderThan(T0.plusSeconds(4));
        assertEquals(List.of(4L, 5L), offsets(history.latest(10)));
    }

    @Test
    void afterReturnsTheMessagesFollowingAnOffsetUpToALimit() {
        RetainedHistory history = withOffsets(10, 6);
        assertEquals(List.of(3L, 4L), offsets(history.after(2, 2)));
        assertEquals(List.of(), offsets(history.after(6, 5)));
    }

    @Test
    void latestReturnsTheNewestOldestFirst() {
        assertEquals(List.of(5L, 6L), offsets(withOffsets(10, 6).latest(2)));
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
