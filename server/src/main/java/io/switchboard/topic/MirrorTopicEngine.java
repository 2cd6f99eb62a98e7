package io.switchboard.topic;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.runtime.SwitchboardConfig;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A node's mirror of the cluster topics its clients use: the local engine, numbered by its {@link TopicOrigin}
 * (which gives each topic's epoch, offset and history as the node starts to keep it) and fed the cluster's
 * messages in offset order through {@link #apply}. Subscriptions, recovery and fan-out then work exactly as on one
 * node. What this class adds is what only a mirror meets: offsets numbered elsewhere that never came, a cluster
 * that forgot a topic, presence changes on other nodes.
 */
public final class MirrorTopicEngine extends LocalTopicEngine {

    /**
     * Retains half of {@code history-max-bytes}: the node's part of the cluster's ringbuffers takes the other
     * half.
     */
    public MirrorTopicEngine(SwitchboardConfig config, FrameCodec codec, TopicOrigin origin) {
        super(config, codec, Clock.systemUTC(), origin, TopicPolicies.inMemory(config), Journal.NONE,
                config.retention().maxBytes() / 2);
    }

    /** A message numbered elsewhere, framed for {@link #apply}; on any thread, before the message's turn. */
    public Numbered framed(Publication publication) {
        return new Numbered(publication, codec.encode(publication.toFrame()), Footprint.of(publication.data()));
    }

    /**
     * A message numbered elsewhere, for the subscribers on this node. Messages must come in offset order;
     * those the topic already has (its opening snapshot included) are skipped.
     */
    public void apply(Numbered message) {
        retainAndFanOut(message);
    }

    /**
     * An offset numbered elsewhere whose message was never committed, in its topic's offset order: nobody here
     * receives anything for it, and recovery goes across it.
     */
    public void skipped(TopicName topic, long offset, Instant time) {
        TopicState state = topics.locked(topic);
        try {
            state.skip(offset, time);
        } finally {
            state.lock.unlock();
        }
    }

    /** Makes sure this node keeps {@code topic}, so that its messages reach wildcard subscribers here. */
    public void open(TopicName topic) {
        topics.locked(topic).lock.unlock();
    }

    /**
     * Like {@link #open}, for a topic created after this node's wildcard subscriptions were made: what it
     * retained when this node opened it is new to them, so they receive it, in order, before the live messages.
     * Only once per opening, however often the creation is announced.
     */
    public void openCreated(TopicName topic) {
        TopicState state = topics.locked(topic);
        try {
            if (state.replayedToPatterns) {
                return;
            }
            state.replayedToPatterns = true;
            Set<Subscriber> recipients = fanout.patternRecipients(state);
            if (recipients == null) {
                return;
            }
            for (Publication publication : state.history.after(0, state.policy.historySize(), Long.MAX_VALUE)) {
                if (publication.offset() > state.openedAt) {
                    break;
                }
                String frame = codec.encode(publication.toFrame());
                recipients.forEach(subscriber -> subscriber.deliver(publication, frame));
            }
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Messages {@code firstOffset} to {@code lastOffset} of a topic numbered elsewhere will never come (this node
     * fell behind its cluster by more than the cluster keeps): its subscribers here are told ({@link
     * Subscriber#missed}), and its history here restarts after them, so that no recovery goes across the gap.
     */
    public void missed(TopicName topic, long firstOffset, long lastOffset) {
        TopicState state = topics.lockedIfPresent(topic);
        if (state == null) {
            return;
        }
        try {
            if (lastOffset <= state.lastOffset) {
                return;
            }
            Set<Subscriber> told = new LinkedHashSet<>(state.subscribers.keySet());
            Set<Subscriber> viaPatterns = fanout.patternRecipients(state);
            if (viaPatterns != null) {
                told.addAll(viaPatterns);
            }
            long first = Math.max(firstOffset, state.lastOffset + 1);
            state.skipPast(lastOffset);
            for (Subscriber subscriber : told) {
                subscriber.missed(topic, first, lastOffset);
            }
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Drops a topic however it is used, for a mirror whose cluster forgot it: its next message opens it afresh,
     * with the cluster's new numbering. Only topics nobody subscribes to exactly are forgotten; a session that
     * subscribed while the cluster forgot it would follow nothing, so it is asked to reconnect and resume.
     */
    public void forget(TopicName topic) {
        topics.forget(topic, state -> {
            for (Subscriber subscriber : state.subscribers.keySet()) {
                subscriber.missed(topic, state.lastOffset + 1, state.lastOffset + 1);
            }
        });
    }

    /** Whether a wildcard subscription on this node covers {@code topic}. */
    public boolean watchedByPattern(TopicName topic) {
        return fanout.watched(topic);
    }

    /** A join or leave that happened on another node, for this node's subscribers that asked for them. */
    public void announceRemote(TopicName topic, ServerFrame event) {
        TopicState state = topics.lockedIfPresent(topic);
        if (state == null) {
            return;
        }
        try {
            fanout.announce(state, null, event);
        } finally {
            state.lock.unlock();
        }
    }
}
