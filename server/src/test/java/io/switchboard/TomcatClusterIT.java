package io.switchboard;

import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.TomcatServer;

import java.io.IOException;

/** Two Tomcat nodes, each with the deployment's own Hazelcast member ({@code switchboard.cluster.members}). */
class TomcatClusterIT extends ClusterContract {

    @Override
    ServerProcess start(String name, int clusterPort, String members, String... settings) throws IOException {
        return TomcatServer.start(name, ownMember(clusterPort, members, settings));
    }

    @Override
    int[] clusterPorts() {
        return new int[]{6930, 6931};
    }
}
