package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Frames the server sends. JSON-B writes the {@code type} property from the aliases below; fields that are null
 * are left out unless the contract says they are sent as null.
 */
@JsonbTypeInfo(key = "type", value = {
        @JsonbSubtype(alias = "welcome", type = ServerFrame.Welcome.class),
        @JsonbSubtype(alias = "ack", type = ServerFrame.Ack.class),
        @JsonbSubtype(alias = "message", type = ServerFrame.Message.class),
        @JsonbSubtype(alias = "history", type = ServerFrame.History.class),
        @JsonbSubtype(alias = "presence", type = ServerFrame.Presence.class),
        @JsonbSubtype(alias = "join", type = ServerFrame.Join.class),
        @JsonbSubtype(alias = "leave", type = ServerFrame.Leave.class),
        @JsonbSubtype(alias = "pong", type = ServerFrame.Pong.class),
        @JsonbSubtype(alias = "expiring", type = ServerFrame.Expiring.class),
        @JsonbSubtype(alias = "unsubscribed", type = ServerFrame.Unsubscribed.class),
        @JsonbSubtype(alias = "error", type = ServerFrame.ErrorFrame.class)})
public sealed interface ServerFrame extends Frame {

    @JsonbPropertyOrder({"session", "user", "server", "heartbeat", "limits", "handshake"})
    record Welcome(String session, @JsonbNillable String user, Server server, long heartbeat, Limits limits,
                   Handshake handshake) implements ServerFrame {

        public record Server(String name, String version) {
        }

        public record Limits(int maxMessageBytes, int maxSubscriptions, int ratePerSecond) {
        }

        public record Handshake(Request request, Response response) {
        }

        public record Request(String method, String path, Map<String, String> headers) {
        }

        public record Response(int status, Map<String, String> headers) {
        }
    }

    /** {@code offset}, {@code epoch} and {@code recovered} are present only where the contract asks for them. */
    @JsonbPropertyOrder({"id", "topic", "offset", "epoch", "recovered"})
    record Ack(String id, String topic, Long offset, String epoch, Boolean recovered) implements ServerFrame {

        public static Ack of(String id, String topic) {
            return new Ack(id, topic, null, null, null);
        }
    }

    @JsonbPropertyOrder({"topic", "offset", "epoch", "time", "data"})
    record Message(String topic, long offset, String epoch, Instant time, @JsonbNillable JsonValue data)
            implements ServerFrame {
    }

    /**
     * One page of history. {@code next} is there when the page could not hold every message asked for: the
     * {@code since} of a {@code history} request for the following page. {@code epoch} is absent for a topic that
     * does not exist.
     */
    @JsonbPropertyOrder({"id", "topic", "epoch", "recovered", "messages", "next"})
    record History(String id, String topic, String epoch, boolean recovered, List<Message> messages, Cursor next)
            implements ServerFrame {

        /** Where a page ends: the offset of its last message, in the epoch it belongs to. */
        @JsonbPropertyOrder({"offset", "epoch"})
        public record Cursor(long offset, String epoch) {
        }
    }

    @JsonbPropertyOrder({"id", "topic", "count", "clients"})
    record Presence(String id, String topic, int count, List<Client> clients) implements ServerFrame {

        @JsonbPropertyOrder({"session", "user"})
        public record Client(String session, @JsonbNillable String user) {
        }
    }

    @JsonbPropertyOrder({"topic", "session", "user"})
    record Join(String topic, String session, @JsonbNillable String user) implements ServerFrame {
    }

    @JsonbPropertyOrder({"topic", "session", "user"})
    record Leave(String topic, String session, @JsonbNillable String user) implements ServerFrame {
    }

    record Pong(String id) implements ServerFrame {
    }

    /** The session's token expires at {@code expiresAt}: send a {@code refresh} before then, or be closed (1008). */
    record Expiring(Instant expiresAt) implements ServerFrame {
    }

    /**
     * The server ended a subscription: after a {@code refresh}, the new token no longer allows it ({@code forbidden}).
     */
    @JsonbPropertyOrder({"topic", "code", "message"})
    record Unsubscribed(String topic, String code, String message) implements ServerFrame {
    }

    @JsonbPropertyOrder({"id", "code", "message"})
    record ErrorFrame(String id, String code, String message) implements ServerFrame {

        public static ErrorFrame of(String id, SwitchboardException e) {
            return new ErrorFrame(id, e.code().wireName(), e.getMessage());
        }
    }
}
