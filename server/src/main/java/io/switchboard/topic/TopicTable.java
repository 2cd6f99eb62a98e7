package io.switchboard.topic;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The topics an engine keeps: opened on first use from their {@link TopicOrigin}, at most {@code maxTopics} of
 * them, and retired when idle. A retired topic is marked under its lock and removed from the table, so a thread
 * that still holds it looks it up again. Every lookup here hands the topic back with its lock held.
 */
final class TopicTable {

    private final Map<TopicName, TopicState> topics = new ConcurrentHashMap<>();
    private final int maxTopics;
    private final TopicLimits limits;
    private final TopicOrigin origin;

    TopicTable(int maxTopics, TopicLimits limits, TopicOrigin origin) {
        this.maxTopics = maxTopics;
        this.limits = limits;
        this.origin = origin;
    }

    /**
     * The topic with its lock held, opened when needed. A cluster origin answers from the network inside
     * computeIfAbsent: slow, but once per topic and node, and only that key waits.
     *
     * @throws SwitchboardException {@code topic_limit_reached} when the topic is new and the table is full
     */
    TopicState locked(TopicName topic) {
        while (true) {
            TopicState state = topics.computeIfAbsent(topic, this::open);
            state.lock.lock();
            if (!state.retired) {
                return state;
            }
            state.lock.unlock();
        }
    }

    /** The topic with its lock held, or null if it does not exist: reading creates nothing. */
    TopicState lockedIfPresent(TopicName topic) {
        TopicState state = topics.get(topic);
        if (state == null) {
            return null;
        }
        state.lock.lock();
        if (state.retired) {
            state.lock.unlock();
            return null;
        }
        return state;
    }

    boolean contains(TopicName topic) {
        return topics.containsKey(topic);
    }

    int size() {
        return topics.size();
    }

    /**
     * Drops what each topic's time to live expired by {@code now}, and retires the topics that are then
     * {@code idle}; the others are handed to {@code kept}, still locked.
     */
    void sweep(Instant now, Predicate<TopicState> idle, Consumer<TopicState> kept) {
        for (TopicState state : topics.values()) {
            state.lock.lock();
            try {
                state.dropExpired(now);
                if (idle.test(state)) {
                    retire(state);
                } else {
                    kept.accept(state);
                }
            } finally {
                state.lock.unlock();
            }
        }
    }

    /** Runs {@code action} on every topic in turn, each under its lock. */
    void forEachLocked(Consumer<TopicState> action) {
        for (TopicState state : topics.values()) {
            state.lock.lock();
            try {
                action.accept(state);
            } finally {
                state.lock.unlock();
            }
        }
    }

    /** Retires a topic however it is used, with what it retains; {@code last} sees it first, under its lock. */
    void forget(TopicName topic, Consumer<TopicState> last) {
        TopicState state = lockedIfPresent(topic);
        if (state != null) {
            try {
                last.accept(state);
                state.history.clear();
                retire(state);
            } finally {
                state.lock.unlock();
            }
        }
    }

    List<TopicInfo> infos() {
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

    private void retire(TopicState state) {
        state.retired = true;
        topics.remove(state.name, state);
        origin.closed(state.name);
    }

    private TopicState open(TopicName name) {
        if (topics.size() >= maxTopics) {
            throw new SwitchboardException(ErrorCode.TOPIC_LIMIT_REACHED, "The hub holds as many topics as it may ("
                    + maxTopics + "); existing topics work, new ones can be used once idle topics expire");
        }
        return new TopicState(name, origin.open(name), limits);
    }
}
