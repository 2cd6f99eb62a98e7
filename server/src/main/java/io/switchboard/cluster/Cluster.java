package io.switchboard.cluster;

import java.util.Map;

/** The nodes serving together, as the statistics see them. */
public interface Cluster {

    /** This node's name: its cluster address, or {@code standalone}. */
    String node();

    /**
     * Shares this node's latest counts and returns every node's latest by node name, this one included. Nodes that
     * stopped sharing drop out within seconds.
     */
    Map<String, NodeCounts> exchange(NodeCounts local);

    /** Whether this node does the cluster's once-per-cluster work (the oldest node does). */
    boolean leads();

    /** A single node. */
    Cluster STANDALONE = new Cluster() {
        @Override
        public String node() {
            return "standalone";
        }

        @Override
        public Map<String, NodeCounts> exchange(NodeCounts local) {
            return Map.of(node(), local);
        }

        @Override
        public boolean leads() {
            return true;
        }
    };
}
