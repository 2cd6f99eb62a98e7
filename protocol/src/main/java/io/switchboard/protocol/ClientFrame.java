package io.switchboard.protocol;

import jakarta.json.JsonValue;

/**
 * Frames a client sends. Topics arrive as raw strings and are validated by the hub, so that an invalid topic
 * is answered with {@code invalid_topic} and the request's id.
 */
public sealed interface ClientFrame extends Frame {

    /** The request id the answer echoes; null when the client sent none. */
    String id();

    /** The last offset a client saw of a topic, and the epoch that offset belongs to. */
    record Since(long offset, String epoch) {
    }

    record Subscribe(String id, String topic, Since since, boolean presence) implements ClientFrame {
    }

    record Unsubscribe(String id, String topic) implements ClientFrame {
    }

    record Publish(String id, String topic, JsonValue data) implements ClientFrame {
    }

    /** {@code limit} is null when the client asked for everything retained. */
    record History(String id, String topic, Since since, Integer limit) implements ClientFrame {
    }

    record Presence(String id, String topic) implements ClientFrame {
    }

    record Ping(String id) implements ClientFrame {
    }

    /** A new token for the session, which keeps its subject, subscriptions and queue; see docs/protocol.md. */
    record Refresh(String id, String token) implements ClientFrame {
    }

    /**
     * A frame beyond any reason (over twice {@code maxMessageBytes}; {@code length} in chars, as far as it was read):
     * not parsed, and the connection is closed with 1009.
     */
    record Oversized(int length) implements ClientFrame {
        @Override
        public String id() {
            return null;
        }
    }

    /** A frame that could not be read; the hub answers it with an {@code error} frame carrying this code. */
    record Malformed(String id, ErrorCode code, String message) implements ClientFrame {
    }
}
