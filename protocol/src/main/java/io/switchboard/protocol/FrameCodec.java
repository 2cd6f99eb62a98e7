package io.switchboard.protocol;

import io.switchboard.protocol.ClientFrame.Since;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;
import java.util.Map;

/**
 * The one codec of the wire contract, for both ends. Server frames are written with JSON-B and read with JSON-P
 * ({@link ServerFrameFields}), so that a message's data stays the JSON value it was; client frames are written with
 * JSON-P and read field by field ({@link ClientFrameFields}), so that every missing or mistyped field is answered
 * with a precise {@code bad_request} sentence instead of a binding stack trace. Thread-safe; {@link #close()}
 * releases JSON-B. (The server makes one application-scoped bean of it; a client holds its own.)
 */
public class FrameCodec implements AutoCloseable {

    /** Far beyond any real token: a longer one is refused unread, in a {@code refresh} and at the handshake. */
    public static final int MAX_TOKEN_CHARS = 8192;
    /** The longest {@code id} and {@code since.epoch} a client may send: both are echoed or compared, never grown. */
    static final int MAX_ID_CHARS = 128;
    static final int MAX_EPOCH_CHARS = 64;

    private final Jsonb jsonb = JsonbBuilder.create();
    private final JsonReaderFactory readers = Json.createReaderFactory(Map.of());
    private final JsonParserFactory parsers = Json.createParserFactory(Map.of());

    public String encode(ServerFrame frame) {
        return escapeUnpairedSurrogates(jsonb.toJson(frame));
    }

    /**
     * A client frame as its JSON text.
     *
     * @throws IllegalArgumentException for the server's own stand-ins ({@link ClientFrame.Oversized}, {@link
     *                                  ClientFrame.Malformed}), which are never sent
     */
    public String encode(ClientFrame frame) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        if (frame instanceof ClientFrame.Subscribe subscribe) {
            start(json, "subscribe", frame).add("topic", subscribe.topic());
            addSince(json, subscribe.since());
            if (subscribe.presence()) {
                json.add("presence", true);
            }
        } else if (frame instanceof ClientFrame.Unsubscribe unsubscribe) {
            start(json, "unsubscribe", frame).add("topic", unsubscribe.topic());
        } else if (frame instanceof ClientFrame.Publish publish) {
            start(json, "publish", frame).add("topic", publish.topic())
                    .add("data", publish.data() == null ? JsonValue.NULL : publish.data());
        } else if (frame instanceof ClientFrame.History history) {
            start(json, "history", frame).add("topic", history.topic());
            addSince(json, history.since());
            if (history.limit() != null) {
                json.add("limit", history.limit());
            }
        } else if (frame instanceof ClientFrame.Presence presence) {
            start(json, "presence", frame).add("topic", presence.topic());
        } else if (frame instanceof ClientFrame.Ping) {
            start(json, "ping", frame);
        } else if (frame instanceof ClientFrame.Refresh refresh) {
            start(json, "refresh", frame).add("token", refresh.token());
        } else {
            throw new IllegalArgumentException("Not a frame a client sends: " + frame);
        }
        return escapeUnpairedSurrogates(json.build().toString());
    }

    private static JsonObjectBuilder start(JsonObjectBuilder json, String type, ClientFrame frame) {
        json.add("type", type);
        return frame.id() == null ? json : json.add("id", frame.id());
    }

    private static void addSince(JsonObjectBuilder json, Since since) {
        if (since != null) {
            json.add("since", Json.createObjectBuilder().add("offset", since.offset()).add("epoch", since.epoch()));
        }
    }

    /**
     * Reads one server frame, as a client does: with JSON-P, so that {@code data} stays the JSON value it was
     * (JSON-B cannot bind a bare number or string to {@link JsonValue}); only the welcome, which carries no data,
     * is bound with JSON-B.
     *
     * @throws SwitchboardException {@code bad_json} when the text is no server frame (an unknown {@code type}
     *                              included: a client of an older version skips it)
     */
    public ServerFrame decodeServerFrame(String text) {
        if (!(parseValue(text) instanceof JsonObject frame)) {
            throw badJson("a server frame is a JSON object");
        }
        return ServerFrameFields.read(frame, () -> jsonb.fromJson(text, ServerFrame.Welcome.class));
    }

    /** A JSON value bound to {@code type} with JSON-B, as a client reads a message's data. */
    public <T> T fromJsonValue(JsonValue value, Class<T> type) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        return jsonb.fromJson(value.toString(), type);
    }

    /** Any other JSON the application writes itself, such as HTTP error bodies. */
    public String toJson(Object value) {
        return escapeUnpairedSurrogates(jsonb.toJson(value));
    }

    /**
     * JSON may carry {@code "\ud800"}, but a lone surrogate is not encodable as UTF-8: written raw, it makes the
     * container's send fail without completing, which would stall the session's writer. Escaping it again keeps
     * the text valid and the value exactly as the client sent it. Such characters only occur inside strings, so
     * the escape is always in string context.
     */
    static String escapeUnpairedSurrogates(String json) {
        StringBuilder escaped = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                if (escaped != null) {
                    escaped.append(c).append(json.charAt(i + 1));
                }
                i++; // a pair is consumed whole, so any surrogate met alone is unpaired
            } else if (Character.isSurrogate(c)) {
                if (escaped == null) {
                    escaped = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                escaped.append(String.format("\\u%04x", (int) c));
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? json : escaped.toString();
    }

    /** Reads one client frame; never throws: unreadable input becomes {@link ClientFrame.Malformed}. */
    public ClientFrame decode(String text) {
        JsonValue value;
        try {
            value = parseValue(text);
        } catch (SwitchboardException e) {
            return new ClientFrame.Malformed(null, e.code(), e.getMessage());
        }
        if (!(value instanceof JsonObject frame)) {
            return new ClientFrame.Malformed(null, ErrorCode.BAD_REQUEST, "A frame must be a JSON object");
        }
        return ClientFrameFields.read(frame);
    }

    /** A client frame's type and id without parsing the rest; null when it has no string {@code type}. */
    public FrameHeader peekHeader(String text) {
        return FrameHeader.peek(parsers, text);
    }

    /** A server frame's topic position, for a {@code message} or an {@code ack} that has one; else null. */
    public FramePosition peekPosition(String text) {
        return FramePosition.peek(parsers, text);
    }

    /**
     * Parses a JSON document of any kind, as frames and REST bodies are.
     *
     * @throws SwitchboardException {@code bad_json}
     */
    public JsonValue parseValue(String text) {
        try (JsonReader reader = readers.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonException e) {
            throw badJson(e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // Parsson refuses nesting deeper than 1000 with a plain RuntimeException; a parser without such a
            // limit would overflow the stack instead. Either way only this request fails, and the thread lives on.
            throw badJson("it is nested too deeply or cannot be read");
        }
    }

    static SwitchboardException badJson(String why) {
        return new SwitchboardException(ErrorCode.BAD_JSON, "Not valid JSON: " + why);
    }

    /**
     * A JSON value as text, written by JSON-P directly (cheaper than JSON-B for a value that is JSON already), with
     * lone surrogates escaped as everywhere else.
     */
    public String toText(JsonValue value) {
        return escapeUnpairedSurrogates(value.toString());
    }

    public JsonValue toJsonValue(Object data) {
        if (data instanceof JsonValue json) {
            return json;
        }
        return parseValue(jsonb.toJson(data));
    }

    @Override
    public void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot release JSON-B", e);
        }
    }
}
