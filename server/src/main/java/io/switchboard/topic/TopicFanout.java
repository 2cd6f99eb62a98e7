package io.switchboard.topic;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;

import java.util.Map;
import java.util.Set;

/**
 * Who receives what happens on a topic: its exact subscribers, and the wildcard subscriptions of a
 * {@link PatternIndex} that match it and may read it. A subscriber that has both gets each message once, through
 * its exact subscription. Every method that takes a {@link TopicState} runs under that topic's lock, which is what
 * keeps each subscriber's stream in offset order.
 */
final class TopicFanout {

    private final PatternIndex patterns;
    private final FrameCodec codec;

    TopicFanout(PatternIndex patterns, FrameCodec codec) {
        this.patterns = patterns;
        this.codec = codec;
    }

    /** Registers a wildcard subscription; {@code inForce} runs once it matches publishes. False if it was known. */
    boolean addPattern(TopicPattern pattern, Subscriber subscriber, Runnable inForce) {
        return patterns.add(pattern, subscriber, inForce);
    }

    boolean removePattern(TopicPattern pattern, Subscriber subscriber) {
        return patterns.remove(pattern, subscriber);
    }

    /** Whether any wildcard subscription covers {@code topic}. */
    boolean watched(TopicName topic) {
        return patterns.matchesAny(topic);
    }

    /** A message of the topic to everyone who receives it. */
    void deliver(TopicState state, Publication publication, String frame) {
        Set<Subscriber> viaPatterns = patternRecipients(state);
        for (Subscriber subscriber : state.subscribers.keySet()) {
            subscriber.deliver(publication, frame);
        }
        if (viaPatterns != null) {
            for (Subscriber subscriber : viaPatterns) {
                subscriber.deliver(publication, frame);
            }
        }
    }

    /** Wildcard subscribers that may read the topic and do not get it through an exact subscription; or null. */
    Set<Subscriber> patternRecipients(TopicState state) {
        Set<Subscriber> viaPatterns = patterns.matching(state.name);
        if (viaPatterns != null) {
            viaPatterns.removeIf(s -> state.subscribers.containsKey(s) || !s.mayRead(state.name));
        }
        return viaPatterns == null || viaPatterns.isEmpty() ? null : viaPatterns;
    }

    /** Join and leave go to the topic's subscribers that asked for presence events, not to the one who moved. */
    void announce(TopicState state, Subscriber who, ServerFrame event) {
        String frame = null;
        for (Map.Entry<Subscriber, Boolean> entry : state.subscribers.entrySet()) {
            if (entry.getValue() && entry.getKey() != who) {
                if (frame == null) {
                    frame = codec.encode(event);
                }
                entry.getKey().send(frame);
            }
        }
    }
}
