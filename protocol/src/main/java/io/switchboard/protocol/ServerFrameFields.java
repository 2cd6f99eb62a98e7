package io.switchboard.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * A server frame's fields, read from its parsed JSON object as a client reads them, so that {@code data} stays the
 * JSON value it was; anything missing or mistyped is {@code bad_json}.
 */
final class ServerFrameFields {

    private ServerFrameFields() {
    }

    /** @param welcome the welcome, which carries no data, bound with JSON-B from the frame's text */
    static ServerFrame read(JsonObject frame, Supplier<ServerFrame.Welcome> welcome) {
        try {
            String type = frame.getString("type");
            return switch (type) {
                case "message" -> message(frame);
                case "ack" -> new ServerFrame.Ack(text(frame, "id"), text(frame, "topic"),
                        frame.containsKey("offset") ? frame.getJsonNumber("offset").longValueExact() : null,
                        text(frame, "epoch"), frame.containsKey("recovered") ? frame.getBoolean("recovered") : null);
                case "history" -> new ServerFrame.History(text(frame, "id"), frame.getString("topic"),
                        text(frame, "epoch"), frame.getBoolean("recovered"),
                        frame.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                                .map(ServerFrameFields::message).toList(), cursor(frame.getJsonObject("next")));
                case "presence" -> new ServerFrame.Presence(text(frame, "id"), frame.getString("topic"),
                        frame.getInt("count"), frame.getJsonArray("clients").getValuesAs(JsonObject.class).stream()
                        .map(client -> new ServerFrame.Presence.Client(client.getString("session"),
                                text(client, "user"))).toList());
                case "join" -> new ServerFrame.Join(frame.getString("topic"), frame.getString("session"),
                        text(frame, "user"));
                case "leave" -> new ServerFrame.Leave(frame.getString("topic"), frame.getString("session"),
                        text(frame, "user"));
                case "pong" -> new ServerFrame.Pong(text(frame, "id"));
                case "expiring" -> new ServerFrame.Expiring(Instant.parse(frame.getString("expiresAt")));
                case "unsubscribed" -> new ServerFrame.Unsubscribed(frame.getString("topic"), frame.getString("code"),
                        frame.getString("message"));
                case "error" -> new ServerFrame.ErrorFrame(text(frame, "id"), frame.getString("code"),
                        frame.getString("message"));
                case "welcome" -> welcome.get();
                default -> throw FrameCodec.badJson("unknown server frame type '" + type + "'");
            };
        } catch (ClassCastException | NullPointerException | ArithmeticException | DateTimeParseException
                 | JsonbException e) {
            throw FrameCodec.badJson("not a server frame (" + e.getMessage() + ")");
        }
    }

    private static ServerFrame.Message message(JsonObject frame) {
        return new ServerFrame.Message(frame.getString("topic"), frame.getJsonNumber("offset").longValueExact(),
                frame.getString("epoch"), Instant.parse(frame.getString("time")),
                frame.getOrDefault("data", JsonValue.NULL));
    }

    private static ServerFrame.History.Cursor cursor(JsonObject next) {
        return next == null ? null
                : new ServerFrame.History.Cursor(next.getJsonNumber("offset").longValueExact(),
                        next.getString("epoch"));
    }

    /** A string field, null when it is absent or null. */
    private static String text(JsonObject frame, String name) {
        JsonValue value = frame.get(name);
        return value instanceof JsonString string ? string.getString() : null;
    }
}
