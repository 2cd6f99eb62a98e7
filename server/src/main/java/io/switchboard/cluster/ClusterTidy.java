package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.switchboard.topic.Journal;
import io.switchboard.topic.TopicName;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;

/**
 * The cluster's once-per-cluster housekeeping, done by its oldest node every tenth sweep: it removes, cluster-wide,
 * the topics that retain nothing (every message expired) and that nobody subscribes to exactly (their numbering,
 * their ringbuffer and their stored history), so that cluster state is as large as what is in use, as on one
 * node; and it deletes from the store what durable topics no longer retain.
 */
final class ClusterTidy {

    private static final Logger LOG = Logger.getLogger(ClusterTidy.class.getName());
    /** How many one-second sweeps pass between two looks for topics the cluster can forget. */
    private static final int SWEEPS_PER_TIDY = 10;

    private final HazelcastInstance hazelcast;
    private final ClusterEpochs epochs;
    private final RingbufferHistory history;
    private final Journal journal;
    /** Exact subscribers of a topic, cluster-wide. */
    private final ToIntFunction<TopicName> subscribers;
    private final Executor executor;
    /** Where this node, when it was the oldest, last trimmed each durable topic's stored history. */
    private final Map<String, Long> trimmedBelow = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private int sweeps;

    ClusterTidy(HazelcastInstance hazelcast, ClusterEpochs epochs, RingbufferHistory history, Journal journal,
                ToIntFunction<TopicName> subscribers, Executor executor) {
        this.hazelcast = hazelcast;
        this.epochs = epochs;
        this.history = history;
        this.journal = journal;
        this.subscribers = subscribers;
        this.executor = executor;
    }

    /** Called once a second, on the timer: every tenth call, the oldest node tidies on a worker. */
    void swept() {
        if (++sweeps % SWEEPS_PER_TIDY == 0 && HazelcastCluster.isOldest(hazelcast)
                && running.compareAndSet(false, true)) {
            // remote calls per topic: on a worker, not on the timer that also sends heartbeats
            executor.execute(() -> {
                try {
                    tidy();
                } finally {
                    running.set(false);
                }
            });
        }
    }

    /** The cluster forgot {@code topic}. */
    void forgotten(TopicName topic) {
        trimmedBelow.remove(topic.value());
    }

    private void tidy() {
        int forgotten = 0;
        for (Map.Entry<String, String> entry : epochs.entries()) {
            TopicName topic = TopicName.of(entry.getKey());
            Ringbuffer<String> ringbuffer = epochs.ringbuffer(topic);
            if (epochs.forget(topic, entry.getValue(),
                    () -> ringbuffer.size() == 0 && subscribers.applyAsInt(topic) == 0)) {
                forgotten++;
            } else if (epochs.durable(topic)) {
                trim(topic, Numbering.decode(entry.getValue()), ringbuffer);
            }
        }
        if (forgotten > 0) {
            int count = forgotten;
            LOG.info(() -> "The cluster forgot " + count + " topics that retain nothing and have no subscribers");
        }
    }

    private void trim(TopicName topic, Numbering numbering, Ringbuffer<String> ringbuffer) {
        long firstKept = history.retainedAfter(ringbuffer, numbering, numbering.offset(ringbuffer.tailSequence())) + 1;
        Long trimmed = trimmedBelow.put(topic.value(), firstKept);
        if (trimmed == null || trimmed != firstKept) {
            journal.trim(topic, numbering.epoch(), firstKept);
        }
    }
}
