package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.store.TopicRecords;
import io.switchboard.topic.Epochs;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicOrigin;
import io.switchboard.topic.TopicPolicies;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The cluster's list of topics: each one's {@link Numbering}, in a map every node reads, cached per node. A topic
 * in memory is numbered by whichever node first uses it. A durable topic is taken up under its cluster-wide lock:
 * the history store ({@link TopicRecords}) gives its epoch, last offset and retained messages, which go back into
 * its ringbuffer before anyone can publish to it, so that offsets, epochs and history outlive a restart of every
 * node.
 */
final class ClusterEpochs {

    static final String RINGBUFFERS = "switchboard.topic.";
    /** Hazelcast adds at most this many items at once. */
    private static final int MOST_PER_ADD = 1000;
    /** A node that dies holding a topic's lock gives it up when it leaves; one that hangs, after this long. */
    private static final long LOCK_LEASE_SECONDS = 30;

    private final HazelcastInstance hazelcast;
    private final FrameCodec codec;
    private final TopicPolicies policies;
    /** Null when nothing is durable in this cluster. */
    private final TopicRecords records;
    private final int historySize;
    private final Duration historyTtl;
    /** The most topics the cluster numbers at once, whichever nodes use them: one node's {@code max-topics}. */
    private final int maxTopics;
    private final Clock clock;
    /** Topic name to its numbering, encoded: {@link Numbering#encode()}. */
    private final IMap<String, String> epochs;
    private final Map<String, Numbering> known = new ConcurrentHashMap<>();

    ClusterEpochs(HazelcastInstance hazelcast, FrameCodec codec, TopicPolicies policies, TopicRecords records,
                  int historySize, Duration historyTtl, int maxTopics, Clock clock) {
        this.hazelcast = hazelcast;
        this.codec = codec;
        this.policies = policies;
        this.records = records;
        this.historySize = historySize;
        this.historyTtl = historyTtl;
        this.maxTopics = maxTopics;
        this.clock = clock;
        this.epochs = hazelcast.getMap("switchboard.epochs");
    }

    /** Tells {@code created} and {@code removed} of topics any node numbers or forgets; returns the undoing. */
    List<Runnable> listen(Consumer<TopicName> created, Consumer<TopicName> removed) {
        UUID added = epochs.addEntryListener((EntryAddedListener<String, String>) event ->
                created.accept(TopicName.of(event.getKey())), false);
        UUID gone = epochs.addEntryListener((EntryRemovedListener<String, String>) event ->
                removed.accept(TopicName.of(event.getKey())), false);
        return List.of(() -> epochs.removeEntryListener(added), () -> epochs.removeEntryListener(gone));
    }

    /** Whether the topic's messages are committed to the history store before they are acknowledged. */
    boolean durable(TopicName topic) {
        return records != null && policies.of(topic).durable();
    }

    /** The topic's numbering, or null when the cluster does not number it: creates nothing. */
    Numbering existing(TopicName topic) {
        Numbering cached = known.get(topic.value());
        if (cached != null) {
            return cached;
        }
        String stored = epochs.get(topic.value());
        return stored == null ? null : Numbering.decode(stored);
    }

    /**
     * The topic's numbering, taken up if the cluster does not number it yet.
     *
     * @throws SwitchboardException {@code unavailable} when a durable topic must be taken up and the store does
     *                              not answer; {@code topic_limit_reached} when the topic is new and the cluster
     *                              numbers as many as it may
     */
    Numbering of(TopicName topic) {
        return known.computeIfAbsent(topic.value(), name -> durable(topic) ? claim(topic) : number(name));
    }

    Ringbuffer<String> ringbuffer(TopicName topic) {
        return hazelcast.getRingbuffer(RINGBUFFERS + topic.value());
    }

    Set<Map.Entry<String, String>> entries() {
        return epochs.entrySet();
    }

    int size() {
        return epochs.size();
    }

    /** Another node forgot the topic: it is numbered afresh if it is used again. */
    void forgotten(TopicName topic) {
        known.remove(topic.value());
    }

    /**
     * Removes the topic cluster-wide, its stored history included, if it is still numbered {@code encoded} and
     * {@code unused} still holds once its lock is held. A durable topic that is being taken up, or whose store
     * does not answer, stays for another time.
     */
    boolean forget(TopicName topic, String encoded, BooleanSupplier unused) {
        String name = topic.value();
        if (!durable(topic)) {
            if (unused.getAsBoolean() && epochs.remove(name, encoded)) {
                ringbuffer(topic).destroy();
                return true;
            }
            return false;
        }
        if (!epochs.tryLock(name)) {
            return false;
        }
        try {
            if (!encoded.equals(epochs.get(name)) || !unused.getAsBoolean()) {
                return false;
            }
            records.forget(topic);
            epochs.remove(name);
            ringbuffer(topic).destroy();
            return true;
        } catch (SwitchboardException unreachable) {
            return false;
        } finally {
            epochs.unlock(name);
        }
    }

    /**
     * Removes the topic cluster-wide to free the cluster's memory, if {@code unused} holds: its numbering and its
     * ringbuffer. Unlike {@link #forget}, a durable topic keeps its stored history, and the cluster takes it up from
     * there when it is used again.
     */
    boolean evict(TopicName topic, BooleanSupplier unused) {
        String name = topic.value();
        if (!epochs.tryLock(name)) {
            return false;
        }
        try {
            if (!epochs.containsKey(name) || !unused.getAsBoolean()) {
                return false;
            }
            epochs.remove(name);
            known.remove(name); // this node publishes under a new epoch at once; the others when they hear of it
            ringbuffer(topic).destroy();
            return true;
        } finally {
            epochs.unlock(name);
        }
    }

    private Numbering number(String name) {
        String existing = epochs.get(name);
        if (existing != null) {
            return Numbering.decode(existing);
        }
        admitNew();
        String fresh = new Numbering(Epochs.next(), 0).encode();
        existing = epochs.putIfAbsent(name, fresh);
        return Numbering.decode(existing == null ? fresh : existing);
    }

    /**
     * Each topic costs every node that holds its ringbuffer, so the cluster as a whole keeps at most as many as one
     * node would; nodes creating topics at the same instant may each pass the count once.
     */
    private void admitNew() {
        if (epochs.size() >= maxTopics) {
            throw new SwitchboardException(ErrorCode.TOPIC_LIMIT_REACHED, "The cluster holds as many topics as it "
                    + "may (" + maxTopics + "); existing topics work, new ones can be used once idle topics expire");
        }
    }

    private Numbering claim(TopicName topic) {
        String name = topic.value();
        epochs.lock(name, LOCK_LEASE_SECONDS, TimeUnit.SECONDS);
        try {
            String existing = epochs.get(name);
            if (existing != null) {
                return Numbering.decode(existing);
            }
            admitNew();
            TopicOrigin.Snapshot stored = records.claim(topic, Epochs.next(), historySize,
                    clock.instant().minus(historyTtl));
            List<Publication> retained = stored.retained();
            Numbering numbering = new Numbering(stored.epoch(),
                    retained.isEmpty() ? stored.lastOffset() : retained.get(0).offset() - 1);
            refill(topic, numbering, retained, stored.lastOffset());
            epochs.put(name, numbering.encode());
            return numbering;
        } finally {
            epochs.unlock(name);
        }
    }

    /**
     * Puts the restored messages back, from sequence 0, into a ringbuffer that holds nothing of another epoch.
     * An offset the store lacks among them was numbered but never committed, so never acknowledged (its node
     * died in between): it goes back as a hole, which keeps every later offset where it was.
     */
    private void refill(TopicName topic, Numbering numbering, List<Publication> retained, long lastOffset) {
        Ringbuffer<String> ringbuffer = ringbuffer(topic);
        if (ringbuffer.tailSequence() >= 0) {
            // left over from an epoch the cluster forgot while a publish raced it
            ringbuffer.destroy();
            ringbuffer = ringbuffer(topic);
        }
        List<String> items = new ArrayList<>();
        long offset = numbering.base();
        for (Publication publication : retained) {
            while (++offset < publication.offset()) {
                items.add(StoredMessage.hole(publication.time()));
            }
            items.add(StoredMessage.encode(codec, publication.time(), publication.data()));
        }
        while (!retained.isEmpty() && ++offset <= lastOffset) {
            items.add(StoredMessage.hole(retained.get(retained.size() - 1).time()));
        }
        for (int from = 0; from < items.size(); from += MOST_PER_ADD) {
            Remote.await(ringbuffer.addAllAsync(items.subList(from, Math.min(items.size(), from + MOST_PER_ADD)),
                    OverflowPolicy.OVERWRITE));
        }
    }
}
