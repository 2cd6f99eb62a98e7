package io.switchboard;

import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.WildFlyServer;

import java.io.IOException;

/** Two WildFly nodes, each with the deployment's own Hazelcast member ({@code switchboard.cluster.members}). */
class WildFlyClusterIT extends ClusterContract {

    @Override
    ServerProcess start(String name, int clusterPort, String members, String... settings) throws IOException {
        return WildFlyServer.start(name, ownMember(clusterPort, members, settings));
    }

    @Override
    int[] clusterPorts() {
        return new int[]{6920, 6921};
    }
}
