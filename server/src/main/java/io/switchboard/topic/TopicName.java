package io.switchboard.topic;

/** An exact topic, such as {@code orders.eu.created}: what messages are published to. Immutable. */
public final class TopicName {

    private static final String SYSTEM_TOKEN = "sys";

    private final String value;
    private final String[] tokens;

    private TopicName(String value, String[] tokens) {
        this.value = value;
        this.tokens = tokens;
    }

    /** @throws io.switchboard.protocol.SwitchboardException {@code invalid_topic} */
    public static TopicName of(String raw) {
        return new TopicName(raw, TopicSyntax.tokens(raw, false));
    }

    /** {@code sys.} topics are written by the server only. */
    public boolean isSystem() {
        return SYSTEM_TOKEN.equals(tokens[0]);
    }

    String[] tokens() {
        return tokens;
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicName name && name.value.equals(value);
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
