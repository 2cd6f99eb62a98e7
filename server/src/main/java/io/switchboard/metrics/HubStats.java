package io.switchboard.metrics;

import java.util.Map;

/**
 * A snapshot of the node: gauges ({@code connections}, {@code subscriptions}, {@code topics}, send queues, heap,
 * retained history) and counters since start ({@code published}, {@code delivered}, {@code errors} by code,
 * {@code evicted}). In a cluster, {@code topics} counts the cluster's topics, and {@code cluster} sums what every
 * node reports. {@code heapLiveBytes} is the heap in use after the last garbage collection: what is really held,
 * where {@code heapUsedBytes} includes garbage not collected yet. {@code wires}: open connections by the way their
 * frames reach the socket ({@code tyrus-raw-frames} on Payara, {@code async-remote} elsewhere).
 */
public record HubStats(int connections, int subscriptions, int topics, long published, long delivered,
                       long sendQueueFrames, long sendQueueBytes, Map<String, Long> errors, long heapUsedBytes,
                       long heapMaxBytes, long uptimeSeconds, String node, ClusterStats cluster,
                       long heapLiveBytes, long retainedBytes, long evicted, StoreStats store,
                       Map<String, Integer> wires) {

    /** The sums over every node that reported in the last seconds. */
    /**
     * The history store: whether durable topics are in use, whether their publishes are accepted, the transactions
     * and messages committed, and the messages waiting for their commit.
     */
    public record StoreStats(boolean durable, boolean available, long commits, long committed, int waiting) {

        public static final StoreStats NONE = new StoreStats(false, true, 0, 0, 0);
    }

    public record ClusterStats(int nodes, int connections, int subscriptions, long published, long delivered) {
    }
}
