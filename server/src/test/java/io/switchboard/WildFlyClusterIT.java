package io.switchboard;

import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.WildFlyServer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Two WildFly nodes, each with the deployment's own Hazelcast member ({@code switchboard.cluster.members}). */
class WildFlyClusterIT extends ClusterContract {

    @Override
    ServerProcess start(String name, int clusterPort, String members, String... settings) throws IOException {
        List<String> all = new ArrayList<>(List.of("switchboard.cluster.members=" + members,
                "switchboard.cluster.port=" + clusterPort, "switchboard.cluster.interface=127.0.0.1", JOIN_AT_ONCE));
        all.addAll(List.of(settings));
        return WildFlyServer.start(name, all.toArray(String[]::new));
    }

    @Override
    int[] clusterPorts() {
        return new int[]{6920, 6921};
    }
}
