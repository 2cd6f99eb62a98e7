package io.switchboard.cluster;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.Scheduler;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.runtime.ClusterMode;
import io.switchboard.topic.LocalTopicEngine;
import io.switchboard.topic.TopicEngine;
import io.switchboard.topic.TopicPolicies;
import io.switchboard.store.Durability;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/**
 * Decides once, at start-up, whether this node serves alone or in a cluster ({@code switchboard.cluster}, and
 * {@code switchboard.cluster.members} where the server runs no Hazelcast of its own), and produces the matching
 * {@link TopicEngine} and {@link Cluster}. Hazelcast classes are touched only when they are there.
 */
@ApplicationScoped
public class Topology {

    private static final Logger LOG = Logger.getLogger(Topology.class.getName());
    private static final String HAZELCAST_API = "com.hazelcast.core.HazelcastInstance";

    @Inject
    SwitchboardConfig config;
    @Inject
    FrameCodec codec;
    @Inject
    Scheduler scheduler;
    @Inject
    Durability durability;

    private TopicEngine engine;
    private Cluster cluster = Cluster.STANDALONE;
    private HazelcastNode clustered;

    @PostConstruct
    void decide() {
        boolean durable = TopicPolicies.from(config).anyDurable();
        boolean sharedStore = durable && config.store().shared();
        if (config.cluster().mode() != ClusterMode.OFF && hazelcastApiPresent()) {
            clustered = HazelcastNode.join(config, codec, scheduler.worker(),
                    () -> sharedStore ? durability.openShared() : null).orElse(null);
        }
        if (clustered != null) {
            engine = clustered.engine();
            cluster = clustered.cluster();
            if (sharedStore) {
                LOG.info("Durable topics are committed to the history store all nodes share before they are "
                        + "acknowledged: their history outlives a restart of every node");
            } else if (durable) {
                LOG.warning("The embedded history store is this node's own, so a cluster does not use it: history "
                        + "lives in the cluster's memory, and survives the loss of a node but not a restart of all "
                        + "of them. Set switchboard.store.datasource or switchboard.store.url to a database every "
                        + "node reaches to keep it");
            }
            return;
        }
        if (config.cluster().mode() == ClusterMode.ON) {
            throw new IllegalStateException("switchboard.cluster is 'on', but the server runs no Hazelcast and no "
                    + "member is configured: start Payara with Hazelcast (no --nohazelcast), set "
                    + "switchboard.cluster.members (or switchboard.cluster.kubernetes.service-name), or set "
                    + "switchboard.cluster to auto or off");
        }
        String mode = config.cluster().mode().name().toLowerCase(java.util.Locale.ROOT);
        if (durable) {
            LOG.info("Switchboard serves alone (switchboard.cluster=" + mode + "): durable topics are committed to "
                    + "the history store before they are acknowledged");
            engine = LocalTopicEngine.durable(config, codec, durability.open());
        } else {
            LOG.info("Switchboard serves alone (switchboard.cluster=" + mode + "): topics live in this node's memory");
            engine = new LocalTopicEngine(config, codec);
        }
    }

    @PreDestroy
    void leave() {
        if (clustered != null) {
            clustered.close();
        }
    }

    @Produces
    @ApplicationScoped
    TopicEngine engine() {
        return engine;
    }

    @Produces
    @ApplicationScoped
    Cluster cluster() {
        return cluster;
    }

    private static boolean hazelcastApiPresent() {
        try {
            Class.forName(HAZELCAST_API, false, Topology.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
