package io.switchboard.cluster;

import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.store.Durability;
import io.switchboard.topic.EngineStats;
import io.switchboard.topic.HistorySlice;
import io.switchboard.topic.Journal;
import io.switchboard.topic.MirrorTopicEngine;
import io.switchboard.topic.Numbered;
import io.switchboard.topic.Position;
import io.switchboard.topic.Publication;
import io.switchboard.topic.Recovery;
import io.switchboard.topic.Subscriber;
import io.switchboard.topic.TopicEngine;
import io.switchboard.topic.TopicInfo;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;
import io.switchboard.topic.TopicPolicies;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Topics kept in a Hazelcast cluster, as this node's clients use them. The {@link ClusterOrigin} numbers and keeps
 * them (one ringbuffer per topic, whose synchronous backup makes an acknowledged message survive the loss of a
 * node, and with a history store the nodes share, a commit there before the ack); this node's mirror, a {@link
 * MirrorTopicEngine} fed by the origin, delivers them here; {@link ClusterPresence} says who subscribes where. The
 * oldest node also forgets, cluster-wide, the topics nobody uses any more.
 */
final class HazelcastTopicEngine implements TopicEngine {

    private static final Logger LOG = Logger.getLogger(HazelcastTopicEngine.class.getName());
    /** The cluster numbers durable topics: nothing comes back from the journal, and nothing is renumbered. */
    private static final Journal.Listener NUMBERED_ELSEWHERE = new Journal.Listener() {
        @Override
        public void committed(Numbered message) {
        }

        @Override
        public void rewind() {
        }
    };
    /**
     * Each topic's ringbuffer keeps at least this many messages, however small the history (unless
     * switchboard.cluster.ringbuffer-capacity says otherwise): the slack a node's reader has in a burst before it
     * falls behind. History answers stay within history-size.
     */
    private static final int MIN_RINGBUFFER_CAPACITY = 1000;

    private final Executor executor;
    private final int historySize;
    private final ClusterOrigin origin;
    private final MirrorTopicEngine mirror;
    private final ClusterEpochs epochs;
    private final ClusterPresence presence;
    private final RingbufferHistory history;
    private final ClusterTidy tidy;
    private final ClusterBudget budget;
    private final LongAdder published = new LongAdder();
    private final List<Runnable> listenerRemovals = new ArrayList<>();

    /** @param store the history store all nodes share, or null to keep history in the cluster's memory only */
    HazelcastTopicEngine(HazelcastInstance hazelcast, SwitchboardConfig config, FrameCodec codec, Executor executor,
                         Durability.Shared store) {
        this.executor = executor;
        this.historySize = config.historySize();
        this.history = new RingbufferHistory(codec, config.historySize(), config.historyPageBytes());
        int configured = config.cluster().ringbufferCapacity();
        int capacity = configured > 0 ? configured : Math.max(config.historySize(), MIN_RINGBUFFER_CAPACITY);
        hazelcast.getConfig().addRingBufferConfig(new RingbufferConfig(ClusterEpochs.RINGBUFFERS + "*")
                .setCapacity(capacity)
                .setBackupCount(1)
                .setTimeToLiveSeconds((int) config.historyTtl().toSeconds()));
        this.epochs = new ClusterEpochs(hazelcast, codec, TopicPolicies.from(config),
                store == null ? null : store.records(), config.historySize(), config.historyTtl(),
                config.retention().maxTopics(), Clock.systemUTC());
        Journal journal = store == null ? Journal.NONE : store.journal();
        if (store != null) {
            journal.start(NUMBERED_ELSEWHERE);
        }
        this.presence = new ClusterPresence(hazelcast, this::announceRemote);
        this.budget = new ClusterBudget(config.retention().maxBytes(), config.historyTtl(), capacity,
                Clock.systemUTC(), executor, topic -> epochs.evict(topic, () -> presence.count(topic) == 0));
        this.origin = new ClusterOrigin(epochs, history, codec, executor, journal, budget, this::mirror);
        this.mirror = new MirrorTopicEngine(config, codec, origin);
        this.tidy = new ClusterTidy(hazelcast, epochs, history, journal, presence::count, executor);
        listen();
    }

    private MirrorTopicEngine mirror() {
        return mirror;
    }

    private void listen() {
        listenerRemovals.addAll(epochs.listen(topic -> executor.execute(() -> openIfWatched(topic)),
                topic -> executor.execute(() -> forgotten(topic))));
        listenerRemovals.addAll(presence.listen(executor));
    }

    /** Stops reading and listening; the cluster's data stays for the other nodes. */
    void close() {
        origin.stop();
        for (Runnable removal : listenerRemovals) {
            try {
                removal.run();
            } catch (HazelcastInstanceNotActiveException alreadyDown) {
                return;
            }
        }
    }

    @Override
    public CompletionStage<Publication> publish(TopicName topic, JsonValue data, String publisher) {
        CompletionStage<Publication> accepted = origin.publish(topic, data, publisher);
        published.increment();
        return accepted;
    }

    @Override
    public void subscribe(Subscriber subscriber, TopicPattern pattern, Position since, boolean presence,
                          Consumer<Recovery> beforeLive) {
        if (!pattern.isExact()) {
            // mirrored before the subscription is in force (its ack): a message published meanwhile elsewhere
            // is then in the mirror's feed, not in a snapshot that wildcard subscribers never see
            for (Map.Entry<String, String> entry : epochs.entries()) {
                TopicName topic = TopicName.of(entry.getKey());
                if (pattern.matches(topic)) {
                    mirror.open(topic);
                }
            }
            mirror.subscribe(subscriber, pattern, since, presence, beforeLive);
            return;
        }
        mirror.subscribe(subscriber, pattern, since, presence, beforeLive);
        this.presence.joined(pattern.asTopic(), subscriber);
    }

    @Override
    public void unsubscribe(Subscriber subscriber, TopicPattern pattern) {
        mirror.unsubscribe(subscriber, pattern);
        if (!pattern.isExact()) {
            return;
        }
        presence.left(pattern.asTopic(), subscriber);
    }

    /** Reads nothing into being: a topic the cluster does not know has no epoch and no history. */
    @Override
    public HistorySlice history(TopicName topic, Position since, int limit) {
        Numbering numbering = epochs.existing(topic);
        if (numbering == null) {
            return HistorySlice.none(topic, since);
        }
        return history.slice(topic, numbering, ringbuffer(topic), since, limit);
    }

    @Override
    public boolean exists(TopicName topic) {
        return epochs.existing(topic) != null;
    }

    @Override
    public List<io.switchboard.topic.Member> presence(TopicName topic) {
        return presence.members(topic);
    }

    @Override
    public List<TopicInfo> topics() {
        List<TopicInfo> result = new ArrayList<>();
        for (Map.Entry<String, String> topic : epochs.entries()) {
            Ringbuffer<String> ringbuffer = ringbuffer(TopicName.of(topic.getKey()));
            Numbering numbering = Numbering.decode(topic.getValue());
            result.add(new TopicInfo(topic.getKey(), presence.count(TopicName.of(topic.getKey())),
                    numbering.offset(ringbuffer.tailSequence()), numbering.epoch(),
                    (int) Math.min(historySize, ringbuffer.size())));
        }
        result.sort(Comparator.comparing(TopicInfo::topic));
        return result;
    }

    /** Topics are counted cluster-wide; subscriptions and publishes are this node's. */
    @Override
    public EngineStats stats() {
        EngineStats mirrored = mirror.stats();
        return new EngineStats(epochs.size(), mirrored.subscriptions(), published.sum(), mirrored.retainedBytes(),
                mirrored.evicted());
    }

    @Override
    public void sweep() {
        mirror.sweep();
        tidy.swept();
        budget.swept();
    }

    /** A topic the cluster forgot: this node stops mirroring it, and numbers it afresh if it is used again. */
    private void forgotten(TopicName topic) {
        epochs.forgotten(topic);
        tidy.forgotten(topic);
        budget.forgotten(topic);
        mirror.forget(topic);
    }

    @Override
    public int historyCapacity() {
        return historySize;
    }

    /** A join or leave on another node; presence is made before the mirror it announces to. */
    private void announceRemote(TopicName topic, ServerFrame event) {
        mirror.announceRemote(topic, event);
    }

    private void openIfWatched(TopicName topic) {
        if (mirror.watchedByPattern(topic)) {
            mirror.openCreated(topic);
        }
    }

    private Ringbuffer<String> ringbuffer(TopicName topic) {
        return epochs.ringbuffer(topic);
    }

    static void logStart(HazelcastInstance hazelcast) {
        LOG.log(Level.INFO, "Switchboard topics live in the Hazelcast cluster ''{0}'' ({1} members)",
                new Object[]{hazelcast.getConfig().getClusterName(), hazelcast.getCluster().getMembers().size()});
    }
}
