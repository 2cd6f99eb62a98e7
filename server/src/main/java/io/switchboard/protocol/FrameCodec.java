package io.switchboard.protocol;

import io.switchboard.protocol.ClientFrame.Since;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.io.StringReader;
import java.util.Map;

/**
 * The one codec of the wire contract. Server frames are written with JSON-B; client frames are read with JSON-P
 * so that every missing or mistyped field is answered with a precise {@code bad_request} sentence instead of a
 * binding stack trace. Thread-safe.
 */
@ApplicationScoped
public class FrameCodec {

    private static final String CLIENT_TYPES = "subscribe, unsubscribe, publish, history, presence, ping";
    /** The longest {@code id} and {@code since.epoch} a client may send: both are echoed or compared, never grown. */
    static final int MAX_ID_CHARS = 128;
    static final int MAX_EPOCH_CHARS = 64;

    private final Jsonb jsonb = JsonbBuilder.create();
    private final JsonReaderFactory readers = Json.createReaderFactory(Map.of());

    public String encode(ServerFrame frame) {
        return escapeUnpairedSurrogates(jsonb.toJson(frame));
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
        String id = null;
        try {
            id = optionalString(frame, "id", MAX_ID_CHARS);
            return decode(id, requiredString(frame, "type"), frame);
        } catch (SwitchboardException e) {
            return new ClientFrame.Malformed(id, e.code(), e.getMessage());
        }
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

    private static SwitchboardException badJson(String why) {
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

    private static ClientFrame decode(String id, String type, JsonObject frame) {
        return switch (type) {
            case "subscribe" -> new ClientFrame.Subscribe(id, requiredString(frame, "topic"), since(frame),
                    optionalBoolean(frame, "presence"));
            case "unsubscribe" -> new ClientFrame.Unsubscribe(id, requiredString(frame, "topic"));
            case "publish" -> new ClientFrame.Publish(id, requiredString(frame, "topic"), data(frame));
            case "history" -> new ClientFrame.History(id, requiredString(frame, "topic"), since(frame), limit(frame));
            case "presence" -> new ClientFrame.Presence(id, requiredString(frame, "topic"));
            case "ping" -> new ClientFrame.Ping(id);
            default -> new ClientFrame.Malformed(id, ErrorCode.UNKNOWN_TYPE,
                    "Unknown frame type '" + type + "'; expected one of " + CLIENT_TYPES);
        };
    }

    private static JsonValue data(JsonObject frame) {
        if (!frame.containsKey("data")) {
            throw badRequest("'data' is required: the JSON value to publish");
        }
        return frame.get("data");
    }

    private static Since since(JsonObject frame) {
        JsonValue value = frame.get("since");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonObject since)) {
            throw badRequest("'since' must be an object {offset, epoch}");
        }
        long offset = nonNegativeLong(since, "offset", "since.offset");
        String epoch = requiredString(since, "epoch", "since.epoch");
        if (epoch.length() > MAX_EPOCH_CHARS) {
            throw badRequest("'since.epoch' is longer than any epoch (" + MAX_EPOCH_CHARS + " characters)");
        }
        return new Since(offset, epoch);
    }

    private static Integer limit(JsonObject frame) {
        JsonValue value = frame.get("limit");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.bigIntegerValue().signum() <= 0) {
            throw badRequest("'limit' must be a positive whole number");
        }
        return number.bigIntegerValue().min(java.math.BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
    }

    private static long nonNegativeLong(JsonObject object, String name, String label) {
        JsonValue value = object.get(name);
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw badRequest("'" + label + "' must be a whole number");
        }
        try {
            long result = number.longValueExact();
            if (result < 0) {
                throw badRequest("'" + label + "' must not be negative");
            }
            return result;
        } catch (ArithmeticException e) {
            throw badRequest("'" + label + "' is out of range");
        }
    }

    private static String requiredString(JsonObject object, String name) {
        return requiredString(object, name, name);
    }

    private static String requiredString(JsonObject object, String name, String label) {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL) {
            throw badRequest("'" + label + "' is required");
        }
        if (!(value instanceof JsonString string)) {
            throw badRequest("'" + label + "' must be a string");
        }
        return string.getString();
    }

    private static String optionalString(JsonObject object, String name, int maxChars) {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw badRequest("'" + name + "' must be a string");
        }
        if (string.getString().length() > maxChars) {
            throw badRequest("'" + name + "' may have at most " + maxChars + " characters");
        }
        return string.getString();
    }

    private static boolean optionalBoolean(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL || value == JsonValue.FALSE) {
            return false;
        }
        if (value == JsonValue.TRUE) {
            return true;
        }
        throw badRequest("'" + name + "' must be true or false");
    }

    private static SwitchboardException badRequest(String message) {
        return new SwitchboardException(ErrorCode.BAD_REQUEST, message);
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot release JSON-B", e);
        }
    }
}
