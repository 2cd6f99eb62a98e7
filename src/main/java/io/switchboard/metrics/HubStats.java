package io.switchboard.metrics;

import java.util.Map;

/**
 * A snapshot of the node: gauges ({@code connections}, {@code subscriptions}, {@code topics}, send queues, heap)
 * and counters since start ({@code published}, {@code delivered}, {@code errors} by code).
 */
public record HubStats(int connections, int subscriptions, int topics, long published, long delivered,
                       long sendQueueFrames, long sendQueueBytes, Map<String, Long> errors, long heapUsedBytes,
                       long heapMaxBytes, long uptimeSeconds) {
}
