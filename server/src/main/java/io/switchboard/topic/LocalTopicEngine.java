package io.switchboard.topic;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.runtime.SwitchboardConfig;
import jakarta.json.JsonValue;

import io.switchboard.protocol.SwitchboardException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The single-node engine: topics in a concurrent map, each numbered and fanned out under its own lock.
 * Wildcard subscriptions live in a {@link PatternIndex}, so a publish visits only the patterns that match it.
 * What topics retain is bounded per topic (count, bytes, age) and for all of them together
 * ({@link RetentionBudget}); so is the number of topics.
 * <p>
 * In a cluster the same engine is a node's mirror of the topics its clients use: the {@link TopicOrigin} gives
 * each topic's epoch, offset and history as the node starts to keep it, and {@link #apply} feeds it the
 * cluster's messages in offset order. Subscriptions, recovery and fan-out then work exactly as on one node.
 * <p>
 * With a {@link Journal}, durable topics are numbered here but retained and fanned out only once the journal has
 * committed them ({@link #committed}): what a subscriber sees, or recovers, is what a restart brings back.
 */
public class LocalTopicEngine implements TopicEngine, Journal.Listener {

    private static final Logger LOG = Logger.getLogger(LocalTopicEngine.class.getName());

    private final TopicTable topics;
    private final PatternIndex patterns;
    private final LongAdder published = new LongAdder();
    private final AtomicInteger subscriptions = new AtomicInteger();

    private final FrameCodec codec;
    private final Clock clock;
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
        this(config, codec, clock, origin, TopicPolicies.inMemory(config), Journal.NONE);
    }

    LocalTopicEngine(SwitchboardConfig config, FrameCodec codec, Clock clock, TopicOrigin origin,
                     TopicPolicies policies, Journal journal) {
        this(config, codec, clock, origin, policies, journal, config.retention().maxBytes());
    }

    /** @param historyBytes what all topics together retain ({@code history-max-bytes}, or a mirror's part of it) */
    private LocalTopicEngine(SwitchboardConfig config, FrameCodec codec, Clock clock, TopicOrigin origin,
                             TopicPolicies policies, Journal journal, long historyBytes) {
        this.codec = codec;
        this.clock = clock;
        this.origin = origin;
        this.journal = journal;
        this.pageChars = config.historyPageBytes();
        this.limits = new TopicLimits(policies, config.retention().topicBytes(),
                new RetentionBudget(historyBytes), p -> codec.encode(p.toFrame()).length());
        this.topics = new TopicTable(config.retention().maxTopics(), limits, origin);
        this.patterns = new PatternIndex(config.retention().maxWildcardNodes());
    }

    /**
     * A node's mirror of cluster topics: numbered by {@code origin}, fed through {@link #apply}. It retains half of
     * {@code history-max-bytes}; the node's part of the cluster's ringbuffers takes the other half.
     */
    public static LocalTopicEngine mirror(SwitchboardConfig config, FrameCodec codec, TopicOrigin origin) {
        return new LocalTopicEngine(config, codec, Clock.systemUTC(), origin, TopicPolicies.inMemory(config),
                Journal.NONE, config.retention().maxBytes() / 2);
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
        LocalTopicEngine engine = new LocalTopicEngine(config, codec, clock, origin, policies, journal);
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
            fanOut(state, publication, frame);
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

    /** A message numbered elsewhere, framed for {@link #apply}; on any thread, before the message's turn. */
    public Numbered framed(Publication publication) {
        return new Numbered(publication, codec.encode(publication.toFrame()), Footprint.of(publication.data()));
    }

    /**
     * A message numbered elsewhere, for the subscribers on this node. Messages must come in offset order;
     * those the topic already has (its opening snapshot included) are skipped.
     */
    public void apply(Numbered message) {
        retainAndFanOut(message);
    }

    /**
     * An offset numbered elsewhere whose message was never committed, in its topic's offset order: nobody here
     * receives anything for it, and recovery goes across it.
     */
    public void skipped(TopicName topic, long offset, Instant time) {
        TopicState state = topics.locked(topic);
        try {
            state.skip(offset, time);
        } finally {
            state.lock.unlock();
        }
    }

    /** A message numbered before, in its topic's offset order: retained and fanned out unless the topic has it. */
    private void retainAndFanOut(Numbered message) {
        Publication publication = message.publication();
        TopicState state = topics.locked(publication.topic());
        try {
            if (state.retain(publication, message.footprint(), message.frame().length())) {
                fanOut(state, publication, message.frame());
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
            for (Publication publication : state.history.after(0, state.policy.historySize(), Long.MAX_VALUE)) {
                if (publication.offset() > state.openedAt) {
                    break;
                }
                Set<Subscriber> recipients = patternRecipients(state, publication.topic());
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
     * Messages {@code firstOffset} to {@code lastOffset} of a topic numbered elsewhere will never come (this node
     * fell behind its cluster by more than the cluster keeps): its subscribers here are told ({@link
     * Subscriber#missed}), and its history here restarts after them, so that no recovery goes across the gap.
     */
    public void missed(TopicName topic, long firstOffset, long lastOffset) {
        TopicState state = topics.lockedIfPresent(topic);
        if (state == null) {
            return;
        }
        try {
            if (lastOffset <= state.lastOffset) {
                return;
            }
            Set<Subscriber> told = new LinkedHashSet<>(state.subscribers.keySet());
            Set<Subscriber> viaPatterns = patternRecipients(state, topic);
            if (viaPatterns != null) {
                told.addAll(viaPatterns);
            }
            long first = Math.max(firstOffset, state.lastOffset + 1);
            state.skipPast(lastOffset);
            for (Subscriber subscriber : told) {
                subscriber.missed(topic, first, lastOffset);
            }
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Drops a topic however it is used, for a mirror whose cluster forgot it: its next message opens it afresh,
     * with the cluster's new numbering. Only topics nobody subscribes to exactly are forgotten; a session that
     * subscribed while the cluster forgot it would follow nothing, so it is asked to reconnect and resume.
     */
    public void forget(TopicName topic) {
        topics.forget(topic, state -> {
            for (Subscriber subscriber : state.subscribers.keySet()) {
                subscriber.missed(topic, state.lastOffset + 1, state.lastOffset + 1);
            }
        });
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
            state.dropExpired(clock.instant());
            beforeLive.accept(state.recoveryFrom(since, subscriber.roomChars(), subscriber.roomFrames()));
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
                ? !watchedByPattern(state.name)
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

    private void fanOut(TopicState state, Publication publication, String frame) {
        Set<Subscriber> viaPatterns = patternRecipients(state, publication.topic());
        for (Subscriber subscriber : state.subscribers.keySet()) {
            subscriber.deliver(publication, frame);
        }
        if (viaPatterns != null) {
            for (Subscriber subscriber : viaPatterns) {
                subscriber.deliver(publication, frame);
            }
        }
    }

    /** Wildcard subscribers that may read {@code topic} and do not get it through an exact subscription; or null. */
    private Set<Subscriber> patternRecipients(TopicState state, TopicName topic) {
        Set<Subscriber> viaPatterns = patterns.matching(topic);
        if (viaPatterns != null) {
            viaPatterns.removeIf(s -> state.subscribers.containsKey(s) || !s.mayRead(topic));
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
}
