package io.switchboard;

import io.switchboard.client.State;
import io.switchboard.client.SubscribeOptions;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.testing.Http;
import io.switchboard.testing.Nginx;
import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.WsClient;
import io.switchboard.testkit.PresenceEvents;
import io.switchboard.testkit.Recording;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.switchboard.testing.Eventually.eventually;
import static io.switchboard.testkit.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes of one server in one Hazelcast cluster on the loopback interface behave as one hub, on every server:
 * with Payara's own member ({@link ClusterIT}) and with the deployment's own on WildFly and Tomcat. Arquillian
 * deploys to one server, so the nodes are processes of the test's own; the node-loss test runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClusterContract {

    static final Duration START = Duration.ofSeconds(180);
    /** Enough history that the node-loss test recovers whatever the timing of the kill. */
    static final String HISTORY = "switchboard.history-size=1000";
    /** Short enough that a topic nobody uses expires, and the cluster forgets it, within the test. */
    static final String TTL = "switchboard.history-ttl-seconds=20";
    static final Duration WITHIN = Duration.ofSeconds(10);
    /**
     * A member waits five seconds for its peers before it starts a cluster alone; the tests' nodes start side by
     * side, so one second does (for the deployment's own member; Payara's is Payara's).
     */
    static final String JOIN_AT_ONCE = "hazelcast.wait.seconds.before.join=1";

    ServerProcess nodeA;
    ServerProcess nodeB;
    /** What the node-loss test published, for a test that follows it; null until it ran. */
    AfterLoss afterLoss;

    record AfterLoss(String topic, String epoch, long lastAcked) {
    }

    private final List<SwitchboardClient> clients = new CopyOnWriteArrayList<>();

    /**
     * Starts node {@code name} of the cluster, listening for cluster traffic on {@code clusterPort} and finding the
     * others among {@code members}, with these settings ({@code switchboard.x=y}).
     */
    abstract ServerProcess start(String name, int clusterPort, String members, String... settings)
            throws IOException;

    /** The two nodes' cluster ports: a class's own, so that a straggler of one never joins another's cluster. */
    abstract int[] clusterPorts();

    /**
     * The settings of a node whose deployment runs its own member (WildFly, Tomcat): the members, its port on
     * loopback, and {@code settings}.
     */
    static String[] ownMember(int clusterPort, String members, String... settings) {
        List<String> all = new ArrayList<>(List.of("switchboard.cluster.members=" + members,
                "switchboard.cluster.port=" + clusterPort, "switchboard.cluster.interface=127.0.0.1", JOIN_AT_ONCE));
        all.addAll(List.of(settings));
        return all.toArray(String[]::new);
    }

    final String members() {
        return "127.0.0.1:" + clusterPorts()[0] + ",127.0.0.1:" + clusterPorts()[1];
    }

    final String nodeName(String node) {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT) + "-node-" + node;
    }

    @BeforeAll
    void startCluster() throws Exception {
        nodeA = start(nodeName("a"), clusterPorts()[0], members(), HISTORY, TTL);
        nodeB = start(nodeName("b"), clusterPorts()[1], members(), HISTORY, TTL);
        nodeA.awaitReady(START);
        nodeB.awaitReady(START);
        nodeA.awaitStats(stats -> stats.getJsonObject("cluster").getInt("nodes") == 2, "two nodes");
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (ServerProcess node : new ServerProcess[]{nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    @Order(1)
    void publishesOnEitherNodeReachSubscribersOnBothOnceInOneOrder() {
        String topic = topic();
        List<Recording<Integer>> subscribers = List.of(Recording.of(client(nodeA), topic, Integer.class),
                Recording.of(client(nodeB), topic, Integer.class));
        SwitchboardClient publisherA = client(nodeA);
        SwitchboardClient publisherB = client(nodeB);
        for (int i = 1; i <= 60; i++) {
            ServerFrame.Ack ack = await((i % 2 == 0 ? publisherA : publisherB).publish(topic, i));
            assertEquals(i, ack.offset(), "offsets are cluster-wide and consecutive");
        }
        for (Recording<Integer> subscriber : subscribers) {
            List<Recording.Received<Integer>> received = subscriber.awaitNextReceived(60, WITHIN);
            assertEquals(IntStream.rangeClosed(1, 60).boxed().toList(), received.stream().map(Recording.Received::data)
                    .toList());
            assertEquals(LongStream.rangeClosed(1, 60).boxed().toList(), received.stream()
                    .map(r -> r.message().offset()).toList());
            subscriber.assertNothingFor(Duration.ofMillis(300));
        }
    }

    @Test
    @Order(2)
    void aClientRecoversOnTheOtherNodeWithSince() {
        String topic = topic();
        String epoch;
        try (SwitchboardClient onA = client(nodeA)) {
            Recording<Integer> first = Recording.of(onA, topic, Integer.class);
            epoch = first.ack().epoch();
            await(onA.publish(topic, 1));
            assertEquals(1, first.awaitNextReceived(1, WITHIN).get(0).message().offset());
        }
        SwitchboardClient publisher = client(nodeA);
        for (int i = 2; i <= 5; i++) {
            await(publisher.publish(topic, i));
        }
        Recording<Integer> onB = Recording.of(client(nodeB), topic, Integer.class, SubscribeOptions.since(1, epoch));
        assertEquals(Boolean.TRUE, onB.ack().recovered(), onB.ack().toString());
        assertEquals(5, onB.ack().offset());
        assertEquals(List.of(2, 3, 4, 5), onB.awaitNext(4, WITHIN));
        await(publisher.publish(topic, 6));
        assertEquals(6, onB.awaitNext(WITHIN), "then the live stream, without a gap");
    }

    @Test
    @Order(3)
    void presenceAndJoinsAreClusterWide() throws Exception {
        String topic = topic();
        SwitchboardClient watcher = client(nodeA);
        PresenceEvents joinsAndLeaves = PresenceEvents.of(watcher);
        await(watcher.subscribe(topic, Integer.class, SubscribeOptions.NONE.withPresence(), (data, message) -> {
        }).ready());
        String session;
        try (SwitchboardClient onB = client(nodeB)) {
            session = await(onB.connected()).session();
            Recording.of(onB, topic, Integer.class);
            assertEquals(session, joinsAndLeaves.awaitJoin(WITHIN).session());
            for (URI node : List.of(nodeA.base(), nodeB.base())) {
                JsonObject presence = Http.object(Http.anonymous(node).get("api/topics/" + topic + "/presence"));
                assertEquals(2, presence.getInt("count"), "on " + node);
            }
        }
        assertEquals(session, joinsAndLeaves.awaitLeave(WITHIN).session());
    }

    @Test
    @Order(7)
    void behindNginxAnyNodeServesAnyClientWithoutStickySessions() throws Exception {
        String topic = topic();
        try (Nginx balancer = Nginx.inFrontOf(nodeA.base(), nodeB.base())) {
            List<Recording<Integer>> subscribers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                subscribers.add(Recording.of(client(balancer.base()), topic, Integer.class));
            }
            for (URI node : List.of(nodeA.base(), nodeB.base())) {
                assertTrue(Http.object(Http.anonymous(node).get("api/stats")).getInt("connections") >= 2,
                        "round robin spread the clients over both nodes");
            }
            for (int i = 1; i <= 10; i++) {
                try (SwitchboardClient publisher = client(balancer.base())) {
                    await(publisher.publish(topic, i));
                }
                assertEquals(201, Http.anonymous(balancer.base())
                        .post("api/topics/" + topic + "/messages", String.valueOf(i)).statusCode());
            }
            for (Recording<Integer> subscriber : subscribers) {
                assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), subscriber.awaitNextReceived(20, WITHIN)
                        .stream().map(r -> r.message().offset()).toList());
            }
            closeClients(); // before nginx goes
        }
    }

    /**
     * Node B dies while a publisher on A keeps going: B's subscriber comes back on A with {@code since} and gets
     * every acknowledged message once, in order; A serves throughout.
     */
    @Test
    @Order(8)
    void whenANodeDiesItsClientsRecoverOnTheOtherWithoutLosingAcknowledgedMessages() throws Exception {
        String topic = topic();
        SwitchboardClient subscriberOnB = client(nodeB);
        Recording<Integer> onB = Recording.of(subscriberOnB, topic, Integer.class);
        String epoch = onB.ack().epoch();
        Set<Long> acked = new ConcurrentSkipListSet<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        SwitchboardClient publisher = client(nodeA);
        Thread publishLoop = new Thread(() -> {
            for (int i = 1; publishing.get(); i++) {
                try {
                    acked.add(await(publisher.publish(topic, i)).offset());
                } catch (AssertionError refused) {
                    // not acknowledged, so not owed to the subscriber
                }
                pause(10);
            }
        });
        publishLoop.start();
        onB.awaitNext(20, WITHIN);
        nodeB.close(); // killed, like a crashed machine
        eventually(() -> subscriberOnB.state() != State.CONNECTED, "the subscriber on B lost its node");
        subscriberOnB.close();
        List<Long> seen = new ArrayList<>(onB.all().stream().map(r -> r.message().offset()).toList());
        long last = seen.get(seen.size() - 1);
        Recording<Integer> again = Recording.of(client(nodeA), topic, Integer.class,
                SubscribeOptions.since(last, epoch));
        assertEquals(Boolean.TRUE, again.ack().recovered(), again.ack().toString());
        Thread.sleep(500);
        publishing.set(false);
        publishLoop.join();
        long lastAcked = ((ConcurrentSkipListSet<Long>) acked).last();
        seen.addAll(again.awaitNextReceived((int) (lastAcked - last), WITHIN).stream()
                .map(r -> r.message().offset()).toList());
        assertEquals(LongStream.rangeClosed(1, lastAcked).boxed().toList(), seen,
                "every message once, in order, across the node's death");
        assertTrue(acked.size() > 20, "publishing was under way: " + acked.size() + " acks");

        afterLoss = new AfterLoss(topic, epoch, lastAcked);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    SwitchboardClient client(ServerProcess node) {
        return client(node.base());
    }

    /** A connected client, closed after the test. */
    SwitchboardClient client(URI base) {
        SwitchboardClient client = SwitchboardClient.connect(WsClient.wsUri(base));
        clients.add(client);
        await(client.connected());
        return client;
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SwitchboardClient::close);
        clients.clear();
    }

    static String topic() {
        return "public.cluster.t" + UUID.randomUUID().toString().substring(0, 8);
    }
}
