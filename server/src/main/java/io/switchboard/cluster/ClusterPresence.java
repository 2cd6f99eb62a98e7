package io.switchboard.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.multimap.MultiMap;
import com.hazelcast.topic.ITopic;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.topic.Subscriber;
import io.switchboard.topic.TopicName;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Who subscribes exactly to which topic, cluster-wide: one multimap entry per subscription, and a join or leave
 * event for presence subscribers on the other nodes. When a node leaves, the oldest node removes its entries and
 * announces their leaves.
 */
final class ClusterPresence {

    private final HazelcastInstance hazelcast;
    /** Topic name to its exact subscribers, each as "member \n session \n user". */
    private final MultiMap<String, String> entries;
    /** Joins and leaves, for presence subscribers on the other nodes: "join|leave \n topic \n session \n user". */
    private final ITopic<String> events;
    private final String localMember;
    /** Where a join or leave of another node is announced on this one. */
    private final BiConsumer<TopicName, ServerFrame> announce;

    ClusterPresence(HazelcastInstance hazelcast, BiConsumer<TopicName, ServerFrame> announce) {
        this.hazelcast = hazelcast;
        this.announce = announce;
        this.entries = hazelcast.getMultiMap("switchboard.presence");
        this.events = hazelcast.getTopic("switchboard.presence-events");
        this.localMember = hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    /** Listens for other nodes' events and for nodes that leave; returns the undoing. */
    List<Runnable> listen(Executor executor) {
        UUID remote = events.addMessageListener(message -> {
            if (!message.getPublishingMember().localMember()) {
                executor.execute(() -> announce(message.getMessageObject()));
            }
        });
        UUID members = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                executor.execute(() -> forgetMembersOf(event.getMember()));
            }
        });
        return List.of(() -> events.removeMessageListener(remote),
                () -> hazelcast.getCluster().removeMembershipListener(members));
    }

    void joined(TopicName topic, Subscriber subscriber) {
        entries.put(topic.value(), entry(subscriber));
        events.publish(event("join", topic.value(), subscriber.session(), subscriber.user()));
    }

    void left(TopicName topic, Subscriber subscriber) {
        try {
            entries.remove(topic.value(), entry(subscriber));
            events.publish(event("leave", topic.value(), subscriber.session(), subscriber.user()));
        } catch (HazelcastInstanceNotActiveException stopping) {
            // the node is going down; the others forget its members when it leaves
        }
    }

    List<io.switchboard.topic.Member> members(TopicName topic) {
        List<io.switchboard.topic.Member> members = new ArrayList<>();
        for (String entry : entries.get(topic.value())) {
            String[] fields = entry.split("\n", 3);
            members.add(new io.switchboard.topic.Member(fields[1], fields[2].isEmpty() ? null : fields[2]));
        }
        members.sort(Comparator.comparing(io.switchboard.topic.Member::session));
        return members;
    }

    int count(TopicName topic) {
        return entries.valueCount(topic.value());
    }

    private void announce(String event) {
        String[] fields = event.split("\n", 4);
        TopicName topic = TopicName.of(fields[1]);
        String user = fields[3].isEmpty() ? null : fields[3];
        announce.accept(topic, fields[0].equals("join")
                ? new ServerFrame.Join(topic.value(), fields[2], user)
                : new ServerFrame.Leave(topic.value(), fields[2], user));
    }

    /** The oldest node forgets the subscriptions of a node that left, and tells presence subscribers. */
    private void forgetMembersOf(Member gone) {
        if (!HazelcastCluster.isOldest(hazelcast)) {
            return;
        }
        String prefix = gone.getUuid() + "\n";
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            if (entry.getValue().startsWith(prefix) && entries.remove(entry.getKey(), entry.getValue())) {
                String[] fields = entry.getValue().split("\n", 3);
                String event = event("leave", entry.getKey(), fields[1], fields[2]);
                events.publish(event);
                announce(event);
            }
        }
    }

    /** One exact subscription in the multimap: "member \n session \n user". */
    private String entry(Subscriber subscriber) {
        return String.join("\n", localMember, subscriber.session(), nullable(subscriber.user()));
    }

    /** A join or leave for the other nodes: "join|leave \n topic \n session \n user". */
    private static String event(String kind, String topic, String session, String user) {
        return String.join("\n", kind, topic, session, nullable(user));
    }

    private static String nullable(String user) {
        return user == null ? "" : user;
    }
}
