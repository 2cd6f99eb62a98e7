package io.switchboard.metrics;

/**
 * The data of one {@code sys.metrics} message: gauges now, and rates over the last interval. Connections,
 * subscriptions, publishes and deliveries are summed over the cluster's {@code nodes}; send queues and heap are
 * the publishing node's.
 */
public record MetricsSample(int connections, int subscriptions, int topics, long published, long delivered,
                            double publishedPerSecond, double deliveredPerSecond, long sendQueueFrames,
                            long heapUsedBytes, long heapMaxBytes, int nodes) {
}
