package io.switchboard.cluster;

import java.util.Map;

/** The nodes serving together, as the statistics see them. */
public interface Cluster {

    /** This node's name: its cluster address, or {@code standalone}. */
    String node();

    /**
     * Shares this node's latest statistics (JSON) and returns every node's latest by node name, this one
     * included. Nodes that stopped sharing drop out within seconds.
     */
    Map<String, String> exchange(String localStats);

    /** Whether this node does the cluster's once-per-cluster work (the oldest node does). */
    boolean leads();

    /** A single node. */
    Cluster STANDALONE = new Cluster() {
        @Override
        public String node() {
            return "standalone";
        }

        @Override
        public Map<String, String> exchange(String localStats) {
            return Map.of(node(), localStats);
        }

        @Override
        public boolean leads() {
            return true;
        }
    };
}
