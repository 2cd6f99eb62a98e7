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
    /** Topic name to its exact subscribers, each a {@link PresenceEntry}. */
    private final MultiMap<String, String> entries;
    /** Joins and leaves, for presence subscribers on the other nodes: each a {@link PresenceEvent}. */
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
                executor.execute(() -> announce(PresenceEvent.decode(message.getMessageObject())));
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
        PresenceEntry entry = entry(subscriber);
        entries.put(topic.value(), entry.encode());
        events.publish(PresenceEvent.of(true, topic.value(), entry).encode());
    }

    void left(TopicName topic, Subscriber subscriber) {
        PresenceEntry entry = entry(subscriber);
        try {
            entries.remove(topic.value(), entry.encode());
            events.publish(PresenceEvent.of(false, topic.value(), entry).encode());
        } catch (HazelcastInstanceNotActiveException stopping) {
            // the node is going down; the others forget its members when it leaves
        }
    }

    List<io.switchboard.topic.Member> members(TopicName topic) {
        List<io.switchboard.topic.Member> members = new ArrayList<>();
        for (String value : entries.get(topic.value())) {
            PresenceEntry entry = PresenceEntry.decode(value);
            members.add(new io.switchboard.topic.Member(entry.session(), entry.user()));
        }
        members.sort(Comparator.comparing(io.switchboard.topic.Member::session));
        return members;
    }

    int count(TopicName topic) {
        return entries.valueCount(topic.value());
    }

    private void announce(PresenceEvent event) {
        announce.accept(TopicName.of(event.topic()), event.frame());
    }

    /** The oldest node forgets the subscriptions of a node that left, and tells presence subscribers. */
    private void forgetMembersOf(Member gone) {
        if (!HazelcastCluster.isOldest(hazelcast)) {
            return;
        }
        String member = gone.getUuid().toString();
        for (Map.Entry<String, String> listed : entries.entrySet()) {
            PresenceEntry entry = PresenceEntry.decode(listed.getValue());
            if (entry.livesOn(member) && entries.remove(listed.getKey(), listed.getValue())) {
                PresenceEvent leave = PresenceEvent.of(false, listed.getKey(), entry);
                events.publish(leave.encode());
                announce(leave);
            }
        }
    }

    private PresenceEntry entry(Subscriber subscriber) {
        return new PresenceEntry(localMember, subscriber.session(), subscriber.user());
    }
}
