package io.switchboard.metrics;

import io.switchboard.hub.ConnectionRegistry;
import io.switchboard.hub.HubCounters;
import io.switchboard.topic.EngineStats;
import io.switchboard.topic.TopicEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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

    public HubStats snapshot() {
        EngineStats engineStats = engine.stats();
        ConnectionRegistry.SendQueues queues = connections.sendQueues();
        Map<String, Long> errors = new LinkedHashMap<>();
        counters.errorsTotal().forEach((code, count) -> errors.put(code.wireName(), count));
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new HubStats(connections.count(), engineStats.subscriptions(), engineStats.topics(),
                engineStats.published(), counters.deliveredTotal(), queues.frames(), queues.bytes(), errors,
                heap.getUsed(), heap.getMax(), ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
    }
}
