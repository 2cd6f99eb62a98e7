package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.SwitchboardConfig;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The server's own Hazelcast member, where there is one. Payara binds it at {@code payara/Hazelcast}; with
 * Hazelcast switched off ({@code --nohazelcast}) it is bound but not running. Loaded only when the Hazelcast API
 * is on the class path.
 */
final class HazelcastNode {

    static final String PAYARA_JNDI_NAME = "payara/Hazelcast";

    private final HazelcastTopicEngine engine;
    private final HazelcastCluster cluster;

    private HazelcastNode(HazelcastInstance hazelcast, SwitchboardConfig config, FrameCodec codec, Executor executor) {
        this.engine = new HazelcastTopicEngine(hazelcast, config, codec, executor);
        this.cluster = new HazelcastCluster(hazelcast);
        HazelcastTopicEngine.logStart(hazelcast);
    }

    static Optional<HazelcastNode> join(SwitchboardConfig config, FrameCodec codec, Executor executor) {
        return runningInstance().map(hazelcast -> new HazelcastNode(hazelcast, config, codec, executor));
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
    }
}
