package io.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.runtime.MemberSettings;

import java.util.logging.Logger;

/**
 * The Hazelcast member a node runs inside the deployment where the server has none of its own (WildFly, Tomcat):
 * configured by {@code switchboard.cluster.*}, found by its peers over TCP (listed members) or through a Kubernetes
 * service's endpoints, never by multicast, and shut down with the deployment.
 */
final class EmbeddedMember {

    private static final Logger LOG = Logger.getLogger(EmbeddedMember.class.getName());

    private EmbeddedMember() {
    }

    static HazelcastInstance start(MemberSettings settings) {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config(settings));
        LOG.info(() -> "Started the deployment's own Hazelcast member at " + member.getCluster().getLocalMember()
                .getAddress() + " in cluster '" + settings.name() + "'");
        return member;
    }

    static Config config(MemberSettings settings) {
        Config config = new Config().setClusterName(settings.name());
        // the deployment stops it, after its own work; nobody's data goes to Hazelcast's home
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig network = config.getNetworkConfig().setPort(settings.port()).setPortAutoIncrement(false);
        settings.networkInterface().ifPresent(address -> network.getInterfaces().setEnabled(true)
                .addInterface(address));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (settings.kubernetesService().isPresent()) {
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-name", settings.kubernetesService().get());
            settings.kubernetesNamespace().ifPresent(namespace -> join.getKubernetesConfig()
                    .setProperty("namespace", namespace));
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        }
        return config;
    }
}
