package io.switchboard.topic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The last messages of one topic, bounded by count and by age. Offsets are consecutive, so the ring is indexed
 * by offset. Not thread-safe: its topic's lock guards it.
 */
final class RetainedHistory {

    private final Publication[] ring;
    private long firstOffset = 1;
    private int size;

    RetainedHistory(int capacity) {
        this.ring = new Publication[capacity];
    }

    void append(Publication publication) {
        if (size == ring.length) {
            dropOldest();
        }
        if (size == 0) {
            firstOffset = publication.offset();
        }
        ring[slot(publication.offset())] = publication;
        size++;
    }

    void dropOlderThan(Instant cutoff) {
        while (size > 0 && ring[slot(firstOffset)].time().isBefore(cutoff)) {
            dropOldest();
        }
    }

    /**
     * True when every message after {@code offset} up to {@code lastOffset} is still here, so a client that saw
     * {@code offset} can catch up without a gap.
     */
    boolean continuesFrom(long offset, long lastOffset) {
        if (offset > lastOffset) {
            return false;
        }
        return offset == lastOffset || (size > 0 && offset >= firstOffset - 1);
    }

    /** Up to {@code limit} messages after {@code offset}, oldest first. */
    List<Publication> after(long offset, int limit) {
        long from = Math.max(offset + 1, firstOffset);
        long to = Math.min(firstOffset + size, from + limit);
        List<Publication> result = new ArrayList<>((int) Math.max(0, to - from));
        for (long o = from; o < to; o++) {
            result.add(ring[slot(o)]);
        }
        return result;
    }

    /** The newest {@code limit} messages, oldest first. */
    List<Publication> latest(int limit) {
        return after(firstOffset + size - 1 - Math.min(limit, size), limit);
    }

    void clear() {
        while (size > 0) {
            dropOldest();
        }
    }

    int size() {
        return size;
    }

    int capacity() {
        return ring.length;
    }

    private void dropOldest() {
        ring[slot(firstOffset)] = null;
        firstOffset++;
        size--;
    }

    private int slot(long offset) {
        return (int) (offset % ring.length);
    }
}
