package io.switchboard.cluster;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.topic.TopicName;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * What this node's publishes hold in the cluster's ringbuffers, kept within a quarter of the node's history budget
 * ({@code history-max-bytes}): every message is held twice (by its partition's owner and one backup), so a cluster
 * whose nodes each keep to their share holds about half a budget per node in its ringbuffers; the node's mirror
 * retains the other half, and a node holds about what one node alone would.
 * <p>
 * A topic's share is estimated from what this node appended to it within the time to live, in {@link #SLICES}
 * slices so that it falls as messages expire, and at most a ringbuffer's capacity of messages. Over its share, the
 * node evicts the topics it filled that nobody subscribes to exactly, the longest unpublished first: the cluster
 * forgets them (numbering and ringbuffer), as it forgets idle topics, and a client resuming one is told
 * {@code recovered:false}. What is still over the share after that is in topics with subscribers: publishing
 * through this node is then refused with {@code unavailable} until enough of it expires.
 */
final class ClusterBudget {

    static final int SLICES = 4;
    /** What a ringbuffer item costs beyond its characters: the serialized string's header, the array slot. */
    static final long ITEM_OVERHEAD = 64;
    private static final Logger LOG = Logger.getLogger(ClusterBudget.class.getName());
    private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
    /**
     * Each attempt to evict costs remote calls: a review makes at most this many, and a topic that could not be
     * evicted (it has subscribers) is not tried again for a slice of the time to live.
     */
    private static final int MOST_ATTEMPTS = 1_000;

    private final long share;
    private final long sliceMillis;
    private final int capacity;
    private final Clock clock;
    private final Executor executor;
    /** Evicts a topic from the cluster if nobody subscribes to it exactly; says whether it did. */
    private final Predicate<TopicName> evict;
    private final Map<TopicName, Appended> appended = new ConcurrentHashMap<>();
    private final AtomicBoolean reviewing = new AtomicBoolean();
    private volatile boolean full;
    /** Touched by the one review at a time. */
    private int unlogged;
    private long loggedAt = Long.MIN_VALUE / 2;

    ClusterBudget(long historyMaxBytes, Duration ttl, int capacity, Clock clock, Executor executor,
                  Predicate<TopicName> evict) {
        this.share = historyMaxBytes / 4;
        this.sliceMillis = Math.max(1, ttl.toMillis() / SLICES);
        this.capacity = capacity;
        this.clock = clock;
        this.executor = executor;
        this.evict = evict;
    }

    /**
     * @throws SwitchboardException {@code unavailable} while this node's share of the cluster's history is full of
     *                              topics with subscribers
     */
    void admit() {
        if (full) {
            throw new SwitchboardException(ErrorCode.UNAVAILABLE, "This node's share of the cluster's history is full;"
                    + " try again in a while, or through another node");
        }
    }

    /** A message of {@code characters} this node appended to {@code topic}'s ringbuffer. */
    void appended(TopicName topic, long characters) {
        long now = clock.millis();
        appended.compute(topic, (t, topicAppends) -> {
            Appended into = topicAppends == null ? new Appended(now) : topicAppends;
            into.add(characters + ITEM_OVERHEAD, now);
            return into;
        });
    }

    /** The cluster forgot {@code topic}: what this node put there went with it. */
    void forgotten(TopicName topic) {
        appended.remove(topic);
    }

    /** Once a second: a review on a worker (evicting makes remote calls), one at a time. */
    void swept() {
        if (reviewing.compareAndSet(false, true)) {
            executor.execute(() -> {
                try {
                    review();
                } finally {
                    reviewing.set(false);
                }
            });
        }
    }

    /** What this node's publishes are estimated to hold in the cluster now. */
    long held() {
        long now = clock.millis();
        long[] held = {0};
        for (TopicName topic : appended.keySet()) {
            // computeIfPresent: an append racing the removal of an expired topic's account is not lost
            appended.computeIfPresent(topic, (t, topicAppends) -> {
                long estimate = topicAppends.estimate(now, capacity);
                held[0] += estimate;
                return estimate == 0 ? null : topicAppends;
            });
        }
        return held[0];
    }

    /** Evicts what this node filled beyond its share, and refuses publishes while what is left is still over it. */
    void review() {
        long held = held();
        if (held > share) {
            long now = clock.millis();
            List<Map.Entry<TopicName, Appended>> oldestFirst = new ArrayList<>(appended.entrySet());
            oldestFirst.sort(Comparator.comparingLong(entry -> entry.getValue().last()));
            long target = share - share / 10; // a little room, so that eviction does not run on every sweep
            int evicted = 0;
            int attempts = 0;
            for (Map.Entry<TopicName, Appended> entry : oldestFirst) {
                if (held <= target || attempts == MOST_ATTEMPTS) {
                    break;
                }
                Appended topicAppends = entry.getValue();
                if (topicAppends.pinnedAt(now)) {
                    continue;
                }
                attempts++;
                long estimate = topicAppends.estimate(now, capacity);
                if (evict.test(entry.getKey())) {
                    appended.remove(entry.getKey());
                    held -= estimate;
                    evicted++;
                } else {
                    topicAppends.pin(now + sliceMillis);
                }
            }
            logEvicted(evicted, now);
        }
        boolean wasFull = full;
        full = held > share;
        if (full != wasFull) {
            LOG.warning(() -> full ? "This node's share of the cluster's history is full of topics with subscribers: "
                    + "publishes through it are refused until some of it expires" : "Publishes through this node are "
                    + "accepted again: its share of the cluster's history has room");
        }
    }

    /** Under a flood evictions come every second: one line a minute says how many went. */
    private void logEvicted(int evicted, long now) {
        unlogged += evicted;
        if (unlogged > 0 && now - loggedAt >= LOG_INTERVAL.toMillis()) {
            int count = unlogged;
            LOG.info(() -> "This node's share of the cluster's history (" + share + " bytes) was full: the cluster "
                    + "forgot " + count + " topics it filled that nobody subscribes to, the longest unpublished first,"
                    + " since this was last said");
            unlogged = 0;
            loggedAt = now;
        }
    }

    /** What this node appended to one topic in each slice of the time to live; guarded by its own lock. */
    private final class Appended {

        private final long[] bytes = new long[SLICES];
        private final int[] counts = new int[SLICES];
        private int current;
        private long sliceStart;
        private long last;
        private long pinnedUntil;

        Appended(long now) {
            this.sliceStart = now;
        }

        synchronized void add(long itemBytes, long now) {
            advance(now);
            bytes[current] += itemBytes;
            counts[current]++;
            last = now;
        }

        synchronized long last() {
            return last;
        }

        synchronized boolean pinnedAt(long now) {
            return now < pinnedUntil;
        }

        synchronized void pin(long until) {
            pinnedUntil = until;
        }

        /** The bytes of what may still be in the ringbuffer: the last time to live's, at most its capacity. */
        synchronized long estimate(long now, int capacity) {
            advance(now);
            long total = 0;
            long count = 0;
            for (int i = 0; i < SLICES; i++) {
                total += bytes[i];
                count += counts[i];
            }
            return count > capacity ? total * capacity / count : total;
        }

        private void advance(long now) {
            long slices = (now - sliceStart) / sliceMillis;
            for (long s = 0; s < Math.min(slices, SLICES); s++) {
                current = (current + 1) % SLICES;
                bytes[current] = 0;
                counts[current] = 0;
            }
            sliceStart += slices * sliceMillis;
        }
    }
}
