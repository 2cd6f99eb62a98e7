package io.switchboard.metrics;

import io.switchboard.cluster.Cluster;
import io.switchboard.hub.ConnectionRegistry;
import io.switchboard.hub.HubCounters;
import io.switchboard.runtime.Liveness;
import io.switchboard.store.Durability;
import io.switchboard.topic.EngineStats;
import io.switchboard.topic.TopicEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
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
        String mine = Json.createObjectBuilder()
                .add("connections", connectionCount)
                .add("subscriptions", subscriptions)
                .add("published", published)
                .add("delivered", delivered)
                .build().toString();
        int nodes = 0;
        int allConnections = 0;
        int allSubscriptions = 0;
        long allPublished = 0;
        long allDelivered = 0;
        for (String shared : cluster.exchange(mine).values()) {
            JsonObject node = Json.createReader(new java.io.StringReader(shared)).readObject();
            nodes++;
            allConnections += node.getInt("connections");
            allSubscriptions += node.getInt("subscriptions");
            allPublished += node.getJsonNumber("published").longValue();
            allDelivered += node.getJsonNumber("delivered").longValue();
        }
        return new HubStats.ClusterStats(nodes, allConnections, allSubscriptions, allPublished, allDelivered);
    }
}
