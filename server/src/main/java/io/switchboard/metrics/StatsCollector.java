package io.switchboard.metrics;

import io.switchboard.cluster.Cluster;
import io.switchboard.cluster.NodeCounts;
import io.switchboard.hub.ConnectionRegistry;
import io.switchboard.hub.HubCounters;
import io.switchboard.runtime.Liveness;
import io.switchboard.store.Durability;
import io.switchboard.topic.EngineStats;
import io.switchboard.topic.TopicEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Gathers one {@link HubStats} from the engine, the connection registry and the counters. */
@ApplicationScoped
public class StatsCollector {

    @Inject
    TopicEngine engine;
    @Inject
    ConnectionRegistry connections;
    @Inject
    HubCounters counters;
    @Inject
    Cluster cluster;
    @Inject
    Durability durability;

    public HubStats snapshot() {
        EngineStats engineStats = engine.stats();
        ConnectionRegistry.SendQueues queues = connections.sendQueues();
        Map<String, Long> errors = new LinkedHashMap<>();
        counters.errorsTotal().forEach((code, count) -> errors.put(code.wireName(), count));
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        int connectionCount = connections.count();
        long delivered = counters.deliveredTotal();
        HubStats.ClusterStats sums = clusterSums(connectionCount, engineStats.subscriptions(),
                engineStats.published(), delivered);
        return new HubStats(connectionCount, engineStats.subscriptions(), engineStats.topics(),
                engineStats.published(), delivered, queues.frames(), queues.bytes(), errors,
                heap.getUsed(), heap.getMax(), ManagementFactory.getRuntimeMXBean().getUptime() / 1000,
                cluster.node(), sums, Liveness.heapAfterLastCollection(), engineStats.retainedBytes(), engineStats.evicted(),
                durability.journal().map(j -> new HubStats.StoreStats(true, j.problem().isEmpty(), j.commits(),
                        j.committedMessages(), j.waiting())).orElse(HubStats.StoreStats.NONE), queues.wires());
    }

    /** Shares this node's counts and adds up every node's. */
    private HubStats.ClusterStats clusterSums(int connectionCount, int subscriptions, long published, long delivered) {
        Collection<NodeCounts> nodes = cluster.exchange(new NodeCounts(connectionCount, subscriptions, published,
                delivered)).values();
        return new HubStats.ClusterStats(nodes.size(), nodes.stream().mapToInt(NodeCounts::connections).sum(),
                nodes.stream().mapToInt(NodeCounts::subscriptions).sum(),
                nodes.stream().mapToLong(NodeCounts::published).sum(),
                nodes.stream().mapToLong(NodeCounts::delivered).sum());
    }
}
