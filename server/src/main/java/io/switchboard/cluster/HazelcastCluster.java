package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Nodes share their counts ({@link NodeCounts}) in a map whose entries expire, so a node that is gone drops out. */
final class HazelcastCluster implements Cluster {

    private static final long STATS_TTL_SECONDS = 5;

    private final HazelcastInstance hazelcast;
    private final IMap<String, String> stats;
    private final String node;

    HazelcastCluster(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        // by this name since the counts are NodeCounts; another version of Switchboard shares its own map
        this.stats = hazelcast.getMap("switchboard.node-counts");
        this.node = hazelcast.getCluster().getLocalMember().getAddress().toString();
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public Map<String, NodeCounts> exchange(NodeCounts local) {
        stats.set(node, local.encode(), STATS_TTL_SECONDS, TimeUnit.SECONDS);
        Map<String, NodeCounts> all = new TreeMap<>();
        stats.forEach((name, counts) -> all.put(name, NodeCounts.decode(counts)));
        return all;
    }

    @Override
    public boolean leads() {
        return isOldest(hazelcast);
    }

    /** Hazelcast lists members oldest first, the same on every node. */
    static boolean isOldest(HazelcastInstance hazelcast) {
        return hazelcast.getCluster().getMembers().iterator().next().localMember();
    }
}
