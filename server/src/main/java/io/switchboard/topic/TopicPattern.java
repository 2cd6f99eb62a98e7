package io.switchboard.topic;

import io.switchboard.protocol.TopicWildcards;

import static io.switchboard.protocol.TopicWildcards.ONE_OR_MORE_TOKENS;
import static io.switchboard.protocol.TopicWildcards.ONE_TOKEN;

/**
 * A subscription or permission pattern: an exact topic, or one with NATS-style wildcards where {@code *} matches
 * exactly one token and a final {@code >} matches one or more. Immutable.
 */
public final class TopicPattern {

    private final String value;
    private final String[] tokens;
    private final boolean exact;

    private TopicPattern(String value, String[] tokens) {
        this.value = value;
        this.tokens = tokens;
        this.exact = TopicWildcards.isExact(tokens);
    }

    /** @throws io.switchboard.protocol.SwitchboardException {@code invalid_topic} */
    public static TopicPattern of(String raw) {
        return new TopicPattern(raw, TopicSyntax.tokens(raw, true));
    }

    public boolean isExact() {
        return exact;
    }

    /** The exact topic this pattern names; only for {@link #isExact()} patterns. */
    public TopicName asTopic() {
        if (!exact) {
            throw new IllegalStateException(value + " is a wildcard pattern");
        }
        return TopicName.of(value);
    }

    public boolean matches(TopicName topic) {
        return TopicWildcards.matches(tokens, topic.tokens());
    }

    /** True when at least one topic is matched by both patterns. */
    public boolean overlaps(TopicPattern other) {
        int shared = Math.min(tokens.length, other.tokens.length);
        for (int i = 0; i < shared; i++) {
            String mine = tokens[i];
            String theirs = other.tokens[i];
            if (ONE_OR_MORE_TOKENS.equals(mine) || ONE_OR_MORE_TOKENS.equals(theirs)) {
                return true;
            }
            if (!ONE_TOKEN.equals(mine) && !ONE_TOKEN.equals(theirs) && !mine.equals(theirs)) {
                return false;
            }
        }
        return tokens.length == other.tokens.length;
    }

    String[] tokens() {
        return tokens;
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicPattern pattern && pattern.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
