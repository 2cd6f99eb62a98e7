package io.switchboard.cluster;

import com.hazelcast.config.AliasedDiscoveryConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.ClusterMode;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.store.Durability;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * This node's place in a Hazelcast cluster: the server's own member, where there is one (Payara binds it at {@code
 * payara/Hazelcast}; with {@code --nohazelcast} it is bound but not running), else one the deployment starts
 * itself ({@link EmbeddedMember}). Loaded only when the Hazelcast API is on the class path.
 */
final class HazelcastNode {

    static final String PAYARA_JNDI_NAME = "payara/Hazelcast";
    private static final String PAYARA_DOMAIN_DISCOVERY = "fish.payara.nucleus.hazelcast.DomainDiscoveryStrategy";

    private final HazelcastTopicEngine engine;
    private final HazelcastCluster cluster;
    /** The deployment's own member, stopped with it; null on Payara, whose member is the server's. */
    private final HazelcastInstance own;

    private HazelcastNode(HazelcastInstance hazelcast, boolean own, SwitchboardConfig config, FrameCodec codec,
                          Executor executor, Supplier<Durability.Shared> store) {
        this.own = own ? hazelcast : null;
        this.engine = new HazelcastTopicEngine(hazelcast, config, codec, executor, store.get());
        this.cluster = new HazelcastCluster(hazelcast);
        HazelcastTopicEngine.logStart(hazelcast);
    }

    /**
     * The server's Hazelcast member, if it runs one; with {@code auto}, only if it is also set up to find other
     * members: Payara Micro's {@code --nocluster} keeps a member running that never joins anyone. Where the
     * server has none (WildFly, Tomcat), a member of the deployment's own, when {@code switchboard.cluster.members}
     * or a Kubernetes service says where the others are.
     *
     * @param store the history store the nodes share, opened only if this node joins; null for none
     */
    static Optional<HazelcastNode> join(SwitchboardConfig config, FrameCodec codec, Executor executor,
                                        Supplier<Durability.Shared> store) {
        Optional<HazelcastInstance> server = runningInstance();
        if (server.isPresent()) {
            return server.filter(hazelcast -> config.cluster().mode() == ClusterMode.ON
                            || findsMembers(hazelcast))
                    .map(hazelcast -> new HazelcastNode(hazelcast, false, config, codec, executor, store));
        }
        if (!config.cluster().member().configured()) {
            return Optional.empty();
        }
        HazelcastInstance member = EmbeddedMember.start(config.cluster().member());
        try {
            return Optional.of(new HazelcastNode(member, true, config, codec, executor, store));
        } catch (RuntimeException e) {
            member.shutdown();
            throw e;
        }
    }

    /**
     * Multicast, TCP/IP members, a cloud discovery or a discovery strategy of one's own. Payara's domain
     * discovery alone does not count: it is what {@code --nocluster} leaves configured.
     */
    static boolean findsMembers(HazelcastInstance hazelcast) {
        JoinConfig join = hazelcast.getConfig().getNetworkConfig().getJoin();
        boolean cloud = Stream.of(join.getAwsConfig(), join.getGcpConfig(), join.getAzureConfig(),
                join.getKubernetesConfig(), join.getEurekaConfig()).anyMatch(AliasedDiscoveryConfig::isEnabled);
        boolean strategy = join.getDiscoveryConfig().getDiscoveryStrategyConfigs().stream()
                .anyMatch(discovery -> !PAYARA_DOMAIN_DISCOVERY.equals(discovery.getClassName()));
        return join.getMulticastConfig().isEnabled() || join.getTcpIpConfig().isEnabled() || cloud || strategy
                || hazelcast.getCluster().getMembers().size() > 1;
    }

    private static Optional<HazelcastInstance> runningInstance() {
        try {
            Object bound = InitialContext.doLookup(PAYARA_JNDI_NAME);
            if (bound instanceof HazelcastInstance hazelcast && hazelcast.getLifecycleService().isRunning()) {
                return Optional.of(hazelcast);
            }
        } catch (NamingException | RuntimeException notThere) {
            // no Payara, or Payara without Hazelcast
        }
        return Optional.empty();
    }

    HazelcastTopicEngine engine() {
        return engine;
    }

    HazelcastCluster cluster() {
        return cluster;
    }

    void close() {
        engine.close();
        if (own != null) {
            own.shutdown();
        }
    }
}
