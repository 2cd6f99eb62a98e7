package io.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.testing.Ports;
import io.switchboard.testing.TestConfig;
import io.switchboard.topic.RecordingSubscriber;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import static io.switchboard.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The member a deployment runs where the server has none (WildFly, Tomcat), as {@code switchboard.cluster.*}
 * configures it: two of them on loopback find each other by the listed members and serve one cluster's topics.
 */
class EmbeddedMemberTest {

    private static final TopicName ORDERS = TopicName.of("orders.eu");

    private final FrameCodec codec = new FrameCodec();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<HazelcastInstance> members = new ArrayList<>();

    /** Hazelcast waits five seconds for peers before a member starts a cluster of its own; here they are there. */
    private static final String JOIN_WAIT = "hazelcast.wait.seconds.before.join";

    @BeforeEach
    void joinWithoutWaiting() {
        System.setProperty(JOIN_WAIT, "1");
    }

    @AfterEach
    void stop() {
        System.clearProperty(JOIN_WAIT);
        members.forEach(HazelcastInstance::shutdown);
        executor.shutdownNow();
    }

    @Test
    void theSettingsNameTheClusterItsPeersAndThePortAndTurnDiscoveryByMulticastOff() {
        SwitchboardConfig config = TestConfig.of("switchboard.cluster.name", "orders",
                "switchboard.cluster.members", "10.0.0.1, 10.0.0.2:5702", "switchboard.cluster.port", "5801",
                "switchboard.cluster.interface", "10.0.0.*");
        Config member = EmbeddedMember.config(config.cluster().member());
        assertEquals("orders", member.getClusterName());
        assertEquals(5801, member.getNetworkConfig().getPort());
        assertEquals(List.of("10.0.0.1", "10.0.0.2:5702"),
                member.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertFalse(member.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertTrue(member.getNetworkConfig().getInterfaces().getInterfaces().contains("10.0.0.*"));

        Config kubernetes = EmbeddedMember.config(TestConfig.of("switchboard.cluster.kubernetes.service-name",
                "switchboard-hs", "switchboard.cluster.kubernetes.namespace", "chat").cluster().member());
        assertTrue(kubernetes.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled());
        assertEquals("switchboard-hs",
                kubernetes.getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-name"));
        assertFalse(kubernetes.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());

        assertFalse(TestConfig.of().cluster().member().configured(), "without peers, a node serves alone");
    }

    @Test
    void twoMembersOnLoopbackServeOneClustersTopics() throws Exception {
        int portA = Ports.free();
        int portB = Ports.free();
        String peers = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        String cluster = "embedded-" + UUID.randomUUID();
        CompletableFuture<HazelcastInstance> a = CompletableFuture.supplyAsync(() -> member(cluster, peers, portA));
        CompletableFuture<HazelcastInstance> b = CompletableFuture.supplyAsync(() -> member(cluster, peers, portB));
        HazelcastInstance memberA = a.join();
        HazelcastInstance memberB = b.join();
        eventually(() -> memberA.getCluster().getMembers().size() == 2, "the two members found each other");

        SwitchboardConfig config = TestConfig.of("switchboard.store", "memory");
        HazelcastTopicEngine nodeA = new HazelcastTopicEngine(memberA, config, codec, executor, null);
        HazelcastTopicEngine nodeB = new HazelcastTopicEngine(memberB, config, codec, executor, null);
        try {
            RecordingSubscriber onB = new RecordingSubscriber("b1");
            nodeB.subscribe(onB, TopicPattern.of(ORDERS.value()), null, false, recovery -> { });
            for (int n = 1; n <= 5; n++) {
                nodeA.publish(ORDERS, Json.createValue(n), "p").toCompletableFuture().join();
            }
            eventually(() -> onB.offsets().size() == 5, "published on A, delivered on B");
            assertEquals(LongStream.rangeClosed(1, 5).boxed().toList(), onB.offsets(), "in order, once each");
            assertEquals(List.of("b1"), nodeA.presence(ORDERS).stream().map(m -> m.session()).toList(),
                    "presence is cluster-wide");
        } finally {
            nodeA.close();
            nodeB.close();
        }
    }

    private HazelcastInstance member(String cluster, String peers, int port) {
        HazelcastInstance member = EmbeddedMember.start(TestConfig.of("switchboard.cluster.name", cluster,
                "switchboard.cluster.members", peers, "switchboard.cluster.port", String.valueOf(port))
                .cluster().member());
        synchronized (members) {
            members.add(member);
        }
        return member;
    }
}
