package io.switchboard.topic;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.SwitchboardConfig;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The single-node engine: topics in a concurrent map, each numbered and fanned out under its own lock.
 * Who receives each message is {@link TopicFanout}'s: a publish visits only the wildcard patterns that match it.
 * What topics retain is bounded per topic (count, bytes, age) and for all of them together
 * ({@link RetentionBudget}); so is the number of topics.
 * <p>
 * In a cluster, a {@link MirrorTopicEngine} is this engine fed by the cluster: the {@link TopicOrigin} gives each
 * topic's epoch, offset and history as the node starts to keep it. Subscriptions, recovery and fan-out then work
 * exactly as on one node.
 * <p>
 * With a {@link Journal}, durable topics are numbered here but retained and fanned out only once the journal has
 * committed them ({@link #committed}): what a subscriber sees, or recovers, is what a restart brings back.
 */
public class LocalTopicEngine implements TopicEngine, Journal.Listener {

    private static final Logger LOG = Logger.getLogger(LocalTopicEngine.class.getName());

    /** Shared with {@link MirrorTopicEngine}, which feeds the same topics from its cluster. */
    final TopicTable topics;
    final TopicFanout fanout;
    final FrameCodec codec;

    private final Clock clock;
    private final LongAdder published = new LongAdder();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final long pageChars;
    private final TopicLimits limits;
    private final TopicOrigin origin;
    private final Journal journal;

    /** Every topic in this node's memory. */
    public LocalTopicEngine(SwitchboardConfig config, FrameCodec codec) {
        this(config, codec, Clock.systemUTC(), TopicOrigin.LOCAL);
    }

    /** Every topic in memory, numbered by {@code origin}. */
    LocalTopicEngine(SwitchboardConfig config, FrameCodec codec, Clock clock, TopicOrigin origin) {
        this(config, codec, clock, origin, TopicPolicies.inMemory(config), Journal.NONE,
                config.retention().maxBytes());
    }

    /** @param historyBytes what all topics together retain ({@code history-max-bytes}, or a mirror's part of it) */
    LocalTopicEngine(SwitchboardConfig config, FrameCodec codec, Clock clock, TopicOrigin origin,
                     TopicPolicies policies, Journal journal, long historyBytes) {
        this.codec = codec;
        this.clock = clock;
        this.origin = origin;
        this.journal = journal;
        this.pageChars = config.historyPageBytes();
        this.limits = new TopicLimits(policies, config.retention().topicBytes(),
                new RetentionBudget(historyBytes), p -> codec.encode(p.toFrame()).length());
        this.topics = new TopicTable(config.retention().maxTopics(), limits, origin);
        this.fanout = new TopicFanout(new PatternIndex(config.retention().maxWildcardNodes()), codec);
    }

    /**
     * An engine whose durable topics go through {@code journal}, opened with what the journal restores: the
     * topics, epochs, offsets and history of before a restart or a crash.
     */
    public static LocalTopicEngine durable(SwitchboardConfig config, FrameCodec codec, Journal journal) {
        return durable(config, codec, Clock.systemUTC(), journal);
    }

    static LocalTopicEngine durable(SwitchboardConfig config, FrameCodec codec, Clock clock, Journal journal) {
        TopicPolicies policies = TopicPolicies.from(config);
        StoredOrigin origin = new StoredOrigin(journal, policies);
        LocalTopicEngine engine = new LocalTopicEngine(config, codec, clock, origin, policies, journal,
                config.retention().maxBytes());
        engine.restore(origin);
        journal.start(engine);
        return engine;
    }

    private void restore(StoredOrigin stored) {
        int[] skipped = {0};
        journal.restore((topic, snapshot) -> {
            if (!limits.policies().of(topic).durable()) {
                journal.forget(topic);
                return;
            }
            stored.restoring(topic, snapshot);
            try {
                TopicState state = topics.locked(topic);
                state.dropExpired(clock.instant());
                state.lock.unlock();
            } catch (SwitchboardException full) {
                stored.abandon(topic);
                skipped[0]++;
            }
        });
        limits.budget().enforce();
        if (skipped[0] > 0) {
            LOG.warning(skipped[0] + " stored topics were not restored: the hub holds switchboard.max-topics ("
                    + "topics); they stay in the store until their history expires");
        }
    }

    @Override
    public CompletionStage<Publication> publish(TopicName topic, JsonValue data, String publisher) {
        TopicState state = topics.locked(topic);
        Publication publication;
        try {
            publication = state.next(data, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            String frame = codec.encode(publication.toFrame());
            if (state.policy.durable()) {
                try {
                    return journal.append(new Numbered(publication, frame, Footprint.of(data)), publisher);
                } catch (RuntimeException refused) {
                    state.unnumber(publication);
                    throw refused;
                }
            }
            state.retain(publication, frame.length());
            published.increment();
            fanout.deliver(state, publication, frame);
        } finally {
            state.lock.unlock();
        }
        limits.budget().enforce();
        return CompletableFuture.completedFuture(publication);
    }

    @Override
    public void committed(Numbered message) {
        retainAndFanOut(message);
        published.increment();
    }

    @Override
    public void rewind() {
        topics.forEachLocked(state -> state.assigned = state.lastOffset);
    }

    /** A message numbered before, in its topic's offset order: retained and fanned out unless the topic has it. */
    void retainAndFanOut(Numbered message) {
        Publication publication = message.publication();
        TopicState state = topics.locked(publication.topic());
        try {
            if (state.retain(publication, message.footprint(), message.frame().length())) {
                fanout.deliver(state, publication, message.frame());
            }
        } finally {
            state.lock.unlock();
        }
        limits.budget().enforce();
    }

    @Override
    public void subscribe(Subscriber subscriber, TopicPattern pattern, Position since, boolean presence,
                          Consumer<Recovery> beforeLive) {
        if (!pattern.isExact()) {
            if (fanout.addPattern(pattern, subscriber, () -> beforeLive.accept(Recovery.forPattern()))) {
                subscriptions.incrementAndGet();
            }
            return;
        }
        TopicState state = topics.locked(pattern.asTopic());
        try {
            state.dropExpired(clock.instant());
            beforeLive.accept(state.recoveryFrom(since, subscriber.roomChars(), subscriber.roomFrames()));
            if (state.subscribers.put(subscriber, presence) == null) {
                subscriptions.incrementAndGet();
                fanout.announce(state, subscriber, new ServerFrame.Join(state.name.value(), subscriber.session(), subscriber.user()));
            }
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void unsubscribe(Subscriber subscriber, TopicPattern pattern) {
        if (!pattern.isExact()) {
            if (fanout.removePattern(pattern, subscriber)) {
                subscriptions.decrementAndGet();
            }
            return;
        }
        TopicState state = topics.lockedIfPresent(pattern.asTopic());
        if (state == null) {
            return;
        }
        try {
            if (state.subscribers.remove(subscriber) != null) {
                subscriptions.decrementAndGet();
                fanout.announce(state, subscriber, new ServerFrame.Leave(state.name.value(), subscriber.session(), subscriber.user()));
            }
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public HistorySlice history(TopicName topic, Position since, int limit) {
        TopicState state = topics.lockedIfPresent(topic);
        if (state == null) {
            return HistorySlice.none(topic, since);
        }
        try {
            state.dropExpired(clock.instant());
            return state.slice(since, Math.min(limit, state.policy.historySize()), pageChars);
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public boolean exists(TopicName topic) {
        return topics.contains(topic);
    }

    @Override
    public List<Member> presence(TopicName topic) {
        TopicState state = topics.lockedIfPresent(topic);
        if (state == null) {
            return List.of();
        }
        try {
            return state.subscribers.keySet().stream().map(s -> new Member(s.session(), s.user())).toList();
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public List<TopicInfo> topics() {
        return topics.infos();
    }

    @Override
    public EngineStats stats() {
        return new EngineStats(topics.size(), subscriptions.get(), published.sum(), limits.budget().usedBytes(),
                limits.budget().evictedMessages());
    }

    @Override
    public void sweep() {
        topics.sweep(clock.instant(), this::isIdle, this::trimStore);
    }

    @Override
    public int historyCapacity() {
        return limits.policies().maxHistorySize();
    }

    /**
     * Nobody here listens, and: on one node, nothing is retained or waiting for its commit either (a new epoch
     * costs nothing then); in a mirror, the history lives on in the cluster.
     */
    private boolean isIdle(TopicState state) {
        if (!state.subscribers.isEmpty()) {
            return false;
        }
        return origin.keepsTopicsElsewhere()
                ? !fanout.watched(state.name)
                : state.history.size() == 0 && !state.committing();
    }

    /** Tells the store what a durable topic no longer retains (count, age, bytes alike), in one batch a sweep. */
    private void trimStore(TopicState state) {
        if (state.policy.durable()) {
            long firstKept = state.untrimmed();
            if (firstKept > 0) {
                journal.trim(state.name, state.epoch, firstKept);
                state.trimmedBelow = firstKept;
            }
        }
    }
}
