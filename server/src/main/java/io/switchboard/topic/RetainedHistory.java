package io.switchboard.topic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The last messages of one topic, bounded by count, by bytes and by age. Offsets are consecutive, so the ring is
 * indexed by offset; an offset whose message was never committed (a hole, see {@link #hole}) takes its slot
 * without a message. The ring starts empty and grows as messages arrive, so that a topic that only has
 * subscribers costs no history. Every message dropped, for whatever reason, is reported with its footprint, so
 * that the hub-wide budget knows what is retained. Not thread-safe: its topic's lock guards it.
 */
final class RetainedHistory {

    private static final Entry[] NONE = new Entry[0];
    private static final int FIRST_RING = 4;

    /**
     * A retained message (null for a hole), when it was published, its estimated heap footprint, and the length
     * of its {@code message} frame.
     */
    private record Entry(Publication publication, Instant time, long footprint, int frameChars) {
    }

    private final int capacity;
    private final long maxBytes;
    private final LongConsumer released;
    private Entry[] ring = NONE;
    /** Read without the lock by the budget's compaction, which only needs a recent value. */
    private volatile long firstOffset = 1;
    private int size;
    private long bytes;

    /**
     * @param capacity the most messages kept
     * @param maxBytes the most bytes (footprints) kept; the newest message is kept even if it alone is larger
     * @param released told the footprint of each message dropped
     */
    RetainedHistory(int capacity, long maxBytes, LongConsumer released) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.released = released;
    }

    void append(Publication publication, long footprint, int frameChars) {
        add(new Entry(publication, publication.time(), footprint, frameChars), publication.offset());
    }

    /**
     * Takes the place of a message that was numbered but never committed, so never acknowledged: a cluster's
     * node died between the two, and every node restarted since. Nobody receives it, and recovery goes across
     * it, as nothing acknowledged is missing there. {@code time} ages it like a message.
     */
    void hole(long offset, Instant time) {
        add(new Entry(null, time, 0, 0), offset);
    }

    private void add(Entry entry, long offset) {
        long footprint = entry.footprint();
        while (size > 0 && (size == capacity || bytes + footprint > maxBytes)) {
            dropOldest();
        }
        if (size == ring.length) {
            grow();
        }
        if (size == 0) {
            firstOffset = offset;
        }
        ring[slot(offset)] = entry;
        size++;
        bytes += footprint;
    }

    void dropOlderThan(Instant cutoff) {
        while (size > 0 && ring[slot(firstOffset)].time().isBefore(cutoff)) {
            dropOldest();
        }
    }

    /** Drops every message up to and including {@code offset}: the hub-wide budget evicting the oldest. */
    void dropThrough(long offset) {
        while (size > 0 && firstOffset <= offset) {
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

    /** Up to {@code limit} messages after {@code offset}, oldest first, whose frames add up to at most {@code maxChars}. */
    List<Publication> after(long offset, int limit, long maxChars) {
        long from = Math.max(offset + 1, firstOffset);
        long to = firstOffset + size;
        List<Publication> result = new ArrayList<>((int) Math.min(Math.max(0, Math.min(to - from, limit)), 64));
        long chars = 0;
        for (long o = from; o < to && result.size() < limit; o++) {
            Entry entry = ring[slot(o)];
            if (entry.publication() == null) {
                continue;
            }
            chars += entry.frameChars();
            if (chars > maxChars && !result.isEmpty()) {
                break; // a page carries at least one message, however large
            }
            result.add(entry.publication());
        }
        return result;
    }

    /** The frames of every message after {@code offset} added up: what replaying them would queue. */
    long charsAfter(long offset) {
        long chars = 0;
        for (long o = Math.max(offset + 1, firstOffset); o < firstOffset + size; o++) {
            chars += ring[slot(o)].frameChars();
        }
        return chars;
    }

    /** The offset just before the newest {@code limit} messages: where a query for them starts. */
    long beforeLatest(int limit) {
        long before = firstOffset + size - 1;
        for (int counted = 0; counted < limit && before >= firstOffset; before--) {
            if (ring[slot(before)].publication() != null) {
                counted++;
            }
        }
        return before;
    }

    void clear() {
        while (size > 0) {
            dropOldest();
        }
    }

    int size() {
        return size;
    }

    long firstOffset() {
        return firstOffset;
    }

    long bytes() {
        return bytes;
    }

    private void dropOldest() {
        int slot = slot(firstOffset);
        long footprint = ring[slot].footprint();
        ring[slot] = null;
        firstOffset++;
        size--;
        bytes -= footprint;
        released.accept(footprint);
    }

    /** Doubles the ring up to the capacity, moving each message to its slot in the larger ring. */
    private void grow() {
        Entry[] larger = new Entry[Math.min(capacity, Math.max(FIRST_RING, ring.length * 2))];
        for (long o = firstOffset; o < firstOffset + size; o++) {
            larger[(int) (o % larger.length)] = ring[slot(o)];
        }
        ring = larger;
    }

    private int slot(long offset) {
        return (int) (offset % ring.length);
    }
}
