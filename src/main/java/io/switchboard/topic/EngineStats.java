package io.switchboard.topic;

/** Counters of the engine's own work since start. */
public record EngineStats(int topics, int subscriptions, long published) {
}
