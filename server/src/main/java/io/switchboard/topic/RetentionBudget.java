package io.switchboard.topic;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bytes the retained history of all topics may take together. Per-topic bounds multiplied by any number of
 * topics bound nothing, so every retained message is also counted here, in the order it was retained; when the
 * total passes the budget, the oldest messages of the whole hub are evicted first, whichever topic they belong
 * to. A client that then asks for an evicted message gets {@code recovered:false}, as after any expiry.
 *
 * <p>Eviction runs after a publish has released its topic's lock, and takes one topic's lock at a time, so it
 * cannot deadlock with publishers. The total may pass the budget by what is being published at that moment.
 */
final class RetentionBudget {

    /** Room for this many dropped messages' places in the queue before it is compacted. */
    private static final int COMPACTION_SLACK = 4096;

    private record Place(TopicState topic, long offset) {
    }

    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();
    private final Queue<Place> oldestFirst = new ConcurrentLinkedQueue<>();
    /** Places in the queue, and messages retained: their difference is places of messages already dropped. */
    private final AtomicLong places = new AtomicLong();
    private final AtomicLong retained = new AtomicLong();
    private final AtomicBoolean compacting = new AtomicBoolean();
    private final LongAdder evicted = new LongAdder();

    RetentionBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A message was retained; called under its topic's lock. */
    void retained(TopicState topic, long offset, long footprint) {
        used.addAndGet(footprint);
        retained.incrementAndGet();
        oldestFirst.add(new Place(topic, offset));
        places.incrementAndGet();
    }

    /** A message was dropped, for any reason. */
    void released(long footprint) {
        used.addAndGet(-footprint);
        retained.decrementAndGet();
    }

    /** Evicts the hub's oldest messages until the total is within the budget. Call with no topic lock held. */
    void enforce() {
        while (used.get() > maxBytes) {
            Place oldest = oldestFirst.poll();
            if (oldest == null) {
                return;
            }
            places.decrementAndGet();
            TopicState topic = oldest.topic();
            topic.lock.lock();
            try {
                if (!topic.retired && topic.history.firstOffset() <= oldest.offset()) {
                    topic.history.dropThrough(oldest.offset());
                    evicted.increment();
                }
            } finally {
                topic.lock.unlock();
            }
        }
        compactIfStale();
    }

    /**
     * Messages dropped by count, bytes or age leave their places in the queue; once those outnumber the retained
     * ones, one caller sweeps them out, so the queue stays proportional to what is retained.
     */
    private void compactIfStale() {
        if (places.get() - retained.get() > Math.max(COMPACTION_SLACK, retained.get())
                && compacting.compareAndSet(false, true)) {
            try {
                oldestFirst.removeIf(place -> {
                    boolean stale = place.topic().retired || place.offset() < place.topic().history.firstOffset();
                    if (stale) {
                        places.decrementAndGet();
                    }
                    return stale;
                });
            } finally {
                compacting.set(false);
            }
        }
    }

    long usedBytes() {
        return used.get();
    }

    long maxBytes() {
        return maxBytes;
    }

    long evictedMessages() {
        return evicted.sum();
    }
}
