package io.switchboard.topic;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.runtime.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The single-node engine: topics in a concurrent map, each numbered and fanned out under its own lock.
 * Wildcard subscriptions are kept per distinct pattern, so a publish scans patterns, not subscribers.
 */
@ApplicationScoped
public class LocalTopicEngine implements TopicEngine {

    private final Map<TopicName, TopicState> topics = new ConcurrentHashMap<>();
    private final Map<TopicPattern, Set<Subscriber>> patternSubscribers = new ConcurrentHashMap<>();
    private final LongAdder published = new LongAdder();
    private final AtomicInteger subscriptions = new AtomicInteger();

    private FrameCodec codec;
    private Clock clock;
    private int historySize;
    private Duration historyTtl;

    /** For CDI's client proxy only. */
    protected LocalTopicEngine() {
    }

    @Inject
    public LocalTopicEngine(SwitchboardConfig config, FrameCodec codec) {
        this(codec, config.historySize(), config.historyTtl(), Clock.systemUTC());
    }

    LocalTopicEngine(FrameCodec codec, int historySize, Duration historyTtl, Clock clock) {
        this.codec = codec;
        this.historySize = historySize;
        this.historyTtl = historyTtl;
        this.clock = clock;
    }

    @Override
    public Publication publish(TopicName topic, JsonValue data) {
        TopicState state = lockedState(topic);
        try {
            Publication publication = state.append(data, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            published.increment();
            fanOut(state, publication, codec.encode(publication.toFrame()));
            return publication;
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void subscribe(Subscriber subscriber, TopicPattern pattern, Position since, boolean presence,
                          Consumer<Recovery> beforeLive) {
        if (!pattern.isExact()) {
            beforeLive.accept(Recovery.forPattern());
            patternSubscribers.computeIfAbsent(pattern, p -> ConcurrentHashMap.newKeySet()).add(subscriber);
            subscriptions.incrementAndGet();
            return;
        }
        TopicState state = lockedState(pattern.asTopic());
        try {
            state.history.dropOlderThan(historyCutoff());
            beforeLive.accept(state.recoveryFrom(since));
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
            patternSubscribers.computeIfPresent(pattern, (p, subscribers) -> {
                if (subscribers.remove(subscriber)) {
                    subscriptions.decrementAndGet();
                }
                return subscribers.isEmpty() ? null : subscribers;
            });
            return;
        }
        TopicState state = topics.get(pattern.asTopic());
        if (state == null) {
            return;
        }
        state.lock.lock();
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
        TopicState state = lockedState(topic);
        try {
            state.history.dropOlderThan(historyCutoff());
            return state.slice(since, Math.min(limit, historySize));
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public List<Member> presence(TopicName topic) {
        TopicState state = topics.get(topic);
        if (state == null) {
            return List.of();
        }
        state.lock.lock();
        try {
            return state.subscribers.keySet().stream().map(s -> new Member(s.session(), s.user())).toList();
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public List<TopicInfo> topics() {
        List<TopicInfo> result = new ArrayList<>(topics.size());
        for (TopicState state : topics.values()) {
            state.lock.lock();
            try {
                result.add(state.info());
            } finally {
                state.lock.unlock();
            }
        }
        result.sort(Comparator.comparing(TopicInfo::topic));
        return result;
    }

    @Override
    public EngineStats stats() {
        return new EngineStats(topics.size(), subscriptions.get(), published.sum());
    }

    @Override
    public void sweep() {
        var cutoff = historyCutoff();
        for (TopicState state : topics.values()) {
            state.lock.lock();
            try {
                state.history.dropOlderThan(cutoff);
                if (state.isIdle()) {
                    state.retired = true;
                    topics.remove(state.name, state);
                }
            } finally {
                state.lock.unlock();
            }
        }
    }

    @Override
    public int historyCapacity() {
        return historySize;
    }

    /** Returns the topic's state with its lock held, creating the topic (and a fresh epoch) when needed. */
    private TopicState lockedState(TopicName topic) {
        while (true) {
            TopicState state = topics.computeIfAbsent(topic, name -> new TopicState(name, newEpoch(), historySize));
            state.lock.lock();
            if (!state.retired) {
                return state;
            }
            state.lock.unlock();
        }
    }

    private void fanOut(TopicState state, Publication publication, String frame) {
        Set<Subscriber> viaPatterns = null;
        for (Map.Entry<TopicPattern, Set<Subscriber>> entry : patternSubscribers.entrySet()) {
            if (!entry.getKey().matches(publication.topic())) {
                continue;
            }
            for (Subscriber subscriber : entry.getValue()) {
                if (!state.subscribers.containsKey(subscriber) && subscriber.mayRead(publication.topic())) {
                    if (viaPatterns == null) {
                        viaPatterns = new HashSet<>();
                    }
                    viaPatterns.add(subscriber);
                }
            }
        }
        for (Subscriber subscriber : state.subscribers.keySet()) {
            subscriber.deliver(publication, frame);
        }
        if (viaPatterns != null) {
            for (Subscriber subscriber : viaPatterns) {
                subscriber.deliver(publication, frame);
            }
        }
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

    private java.time.Instant historyCutoff() {
        return clock.instant().minus(historyTtl);
    }

    private static String newEpoch() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }
}
