package io.switchboard.topic;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.runtime.SwitchboardConfig;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The single-node engine: topics in a concurrent map, each numbered and fanned out under its own lock.
 * Wildcard subscriptions live in a {@link PatternIndex}, so a publish visits only the patterns that match it.
 * What topics retain is bounded per topic (count, bytes, age) and for all of them together
 * ({@link RetentionBudget}); so is the number of topics.
 * <p>
 * In a cluster the same engine is a node's mirror of the topics its clients use: the {@link TopicOrigin} gives
 * each topic's epoch, offset and history as the node starts to keep it, and {@link #apply} feeds it the
 * cluster's messages in offset order. Subscriptions, recovery and fan-out then work exactly as on one node.
 */
public class LocalTopicEngine implements TopicEngine {

    private final TopicTable topics;
    private final PatternIndex patterns;
    private final LongAdder published = new LongAdder();
    private final AtomicInteger subscriptions = new AtomicInteger();

    private final FrameCodec codec;
    private final Clock clock;
    private final Duration historyTtl;
    private final long pageChars;
    private final TopicLimits limits;
    private final TopicOrigin origin;

    public LocalTopicEngine(SwitchboardConfig config, FrameCodec codec) {
        this(config, codec, Clock.systemUTC(), TopicOrigin.LOCAL);
    }

    LocalTopicEngine(SwitchboardConfig config, FrameCodec codec, Clock clock, TopicOrigin origin) {
        this.codec = codec;
        this.clock = clock;
        this.origin = origin;
        this.historyTtl = config.historyTtl();
        this.pageChars = config.historyPageBytes();
        this.limits = new TopicLimits(config.historySize(), config.retention().topicBytes(),
                new RetentionBudget(config.retention().maxBytes()), p -> codec.encode(p.toFrame()).length());
        this.topics = new TopicTable(config.retention().maxTopics(), limits, origin);
        this.patterns = new PatternIndex(config.retention().maxWildcardNodes());
    }

    /** A node's mirror of cluster topics: numbered by {@code origin}, fed through {@link #apply}. */
    public static LocalTopicEngine mirror(SwitchboardConfig config, FrameCodec codec, TopicOrigin origin) {
        return new LocalTopicEngine(config, codec, Clock.systemUTC(), origin);
    }

    @Override
    public Publication publish(TopicName topic, JsonValue data) {
        TopicState state = topics.locked(topic);
        Publication publication;
        try {
            publication = state.next(data, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            String frame = codec.encode(publication.toFrame());
            state.retain(publication, frame.length());
            published.increment();
            fanOut(state, publication, frame);
        } finally {
            state.lock.unlock();
        }
        limits.budget().enforce();
        return publication;
    }

    /**
     * A message numbered elsewhere, for the subscribers on this node. Messages must come in offset order;
     * those the topic already has (its opening snapshot included) are skipped.
     */
    public void apply(Publication publication) {
        TopicState state = topics.locked(publication.topic());
        try {
            String frame = codec.encode(publication.toFrame());
            if (state.retain(publication, frame.length())) {
                fanOut(state, publication, frame);
            }
        } finally {
            state.lock.unlock();
        }
        limits.budget().enforce();
    }

    /** Makes sure this node keeps {@code topic}, so that its messages reach wildcard subscribers here. */
    public void open(TopicName topic) {
        topics.locked(topic).lock.unlock();
    }

    /**
     * Like {@link #open}, for a topic created after this node's wildcard subscriptions were made: what it
     * retained when this node opened it is new to them, so they receive it, in order, before the live messages.
     * Only once per opening, however often the creation is announced.
     */
    public void openCreated(TopicName topic) {
        TopicState state = topics.locked(topic);
        try {
            if (state.replayedToPatterns) {
                return;
            }
            state.replayedToPatterns = true;
            for (Publication publication : state.history.after(0, limits.historySize(), Long.MAX_VALUE)) {
                if (publication.offset() > state.openedAt) {
                    break;
                }
                Set<Subscriber> recipients = patternRecipients(state, publication);
                if (recipients != null) {
                    String frame = codec.encode(publication.toFrame());
                    recipients.forEach(subscriber -> subscriber.deliver(publication, frame));
                }
            }
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Drops a topic however it is used, for a mirror whose cluster forgot it: its next message opens it afresh,
     * with the cluster's new numbering. Only topics nobody subscribes to exactly are forgotten.
     */
    public void forget(TopicName topic) {
        topics.forget(topic);
    }

    /** Whether a wildcard subscription on this node covers {@code topic}. */
    public boolean watchedByPattern(TopicName topic) {
        return patterns.matchesAny(topic);
    }

    /** A join or leave that happened on another node, for this node's subscribers that asked for them. */
    public void announceRemote(TopicName topic, ServerFrame event) {
        TopicState state = topics.lockedIfPresent(topic);
        if (state == null) {
            return;
        }
        try {
            announce(state, null, event);
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void subscribe(Subscriber subscriber, TopicPattern pattern, Position since, boolean presence,
                          Consumer<Recovery> beforeLive) {
        if (!pattern.isExact()) {
            if (patterns.add(pattern, subscriber, () -> beforeLive.accept(Recovery.forPattern()))) {
                subscriptions.incrementAndGet();
            }
            return;
        }
        TopicState state = topics.locked(pattern.asTopic());
        try {
            state.history.dropOlderThan(historyCutoff());
            beforeLive.accept(state.recoveryFrom(since, subscriber.roomChars()));
            if (state.subscribers.put(subscriber, presence) == null) {
                subscriptions.incrementAndGet();
                announce(state, subscriber, new ServerFrame.Join(state.name.value(), subscriber.session(), subscriber.user()));
            }
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void unsubscribe(Subscriber subscriber, TopicPattern pattern) {
        if (!pattern.isExact()) {
            if (patterns.remove(pattern, subscriber)) {
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
                announce(state, subscriber, new ServerFrame.Leave(state.name.value(), subscriber.session(), subscriber.user()));
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
            state.history.dropOlderThan(historyCutoff());
            return state.slice(since, Math.min(limit, limits.historySize()), pageChars);
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
        topics.sweep(historyCutoff(), this::isIdle);
    }

    @Override
    public int historyCapacity() {
        return limits.historySize();
    }

    /**
     * Nobody here listens, and: on one node, nothing is retained either (a new epoch costs nothing then); in a
     * mirror, the history lives on in the cluster.
     */
    private boolean isIdle(TopicState state) {
        if (!state.subscribers.isEmpty()) {
            return false;
        }
        return origin == TopicOrigin.LOCAL ? state.history.size() == 0 : !watchedByPattern(state.name);
    }

    private void fanOut(TopicState state, Publication publication, String frame) {
        Set<Subscriber> viaPatterns = patternRecipients(state, publication);
        for (Subscriber subscriber : state.subscribers.keySet()) {
            subscriber.deliver(publication, frame);
        }
        if (viaPatterns != null) {
            for (Subscriber subscriber : viaPatterns) {
                subscriber.deliver(publication, frame);
            }
        }
    }

    /** Wildcard subscribers that may read the message and do not get it through an exact subscription; or null. */
    private Set<Subscriber> patternRecipients(TopicState state, Publication publication) {
        Set<Subscriber> viaPatterns = patterns.matching(publication.topic());
        if (viaPatterns != null) {
            viaPatterns.removeIf(s -> state.subscribers.containsKey(s) || !s.mayRead(publication.topic()));
        }
        return viaPatterns == null || viaPatterns.isEmpty() ? null : viaPatterns;
    }

    /** Join and leave go to the topic's subscribers that asked for presence events, not to the one who moved. */
    private void announce(TopicState state, Subscriber who, ServerFrame event) {
        String frame = null;
        for (Map.Entry<Subscriber, Boolean> entry : state.subscribers.entrySet()) {
            if (entry.getValue() && entry.getKey() != who) {
                if (frame == null) {
                    frame = codec.encode(event);
                }
                entry.getKey().send(frame);
            }
        }
    }

    private Instant historyCutoff() {
        return clock.instant().minus(historyTtl);
    }
}
