package io.switchboard.topic;

/**
 * Counters of the engine's own work since start, and what its retained history takes.
 *
 * @param retainedBytes estimated heap of the history this node retains
 * @param evicted       messages evicted to keep the retained history within its budget
 */
public record EngineStats(int topics, int subscriptions, long published, long retainedBytes, long evicted) {
}
