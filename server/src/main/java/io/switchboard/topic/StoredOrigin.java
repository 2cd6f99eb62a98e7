package io.switchboard.topic;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a durable engine's topics come from: what the store kept, handed over once at start, else a fresh
 * numbering. A durable topic the engine retires (nothing retained, nobody subscribed) is forgotten by the store too,
 * so that a restart brings back exactly what the engine still had.
 */
final class StoredOrigin implements TopicOrigin {

    private final Map<TopicName, Snapshot> restored = new ConcurrentHashMap<>();
    private final Journal journal;
    private final TopicPolicies policies;

    StoredOrigin(Journal journal, TopicPolicies policies) {
        this.journal = journal;
        this.policies = policies;
    }

    /** Makes the next {@link #open} of {@code topic} answer with what the store kept. */
    void restoring(TopicName topic, Snapshot snapshot) {
        restored.put(topic, snapshot);
    }

    /** The store's snapshot of {@code topic} was not used after all. */
    void abandon(TopicName topic) {
        restored.remove(topic);
    }

    @Override
    public Snapshot open(TopicName topic) {
        Snapshot snapshot = restored.remove(topic);
        return snapshot != null ? snapshot : LOCAL.open(topic);
    }

    @Override
    public void closed(TopicName topic) {
        if (policies.of(topic).durable()) {
            journal.forget(topic);
        }
    }
}
