package io.switchboard.protocol;

import io.switchboard.protocol.ClientFrame.Since;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A client frame's fields, read from its parsed JSON object with a precise {@code bad_request} sentence for each
 * that is missing or mistyped; the id is kept where it could be read, so that the answer can carry it.
 */
final class ClientFrameFields {

    private static final String CLIENT_TYPES = "subscribe, unsubscribe, publish, history, presence, ping, refresh";

    private ClientFrameFields() {
    }

    /** Never throws: what cannot be read becomes {@link ClientFrame.Malformed}. */
    static ClientFrame read(JsonObject frame) {
        String id = null;
        try {
            id = optionalString(frame, "id", FrameCodec.MAX_ID_CHARS);
            return decode(id, requiredString(frame, "type"), frame);
        } catch (SwitchboardException e) {
            return new ClientFrame.Malformed(id, e.code(), e.getMessage());
        }
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
            case "refresh" -> new ClientFrame.Refresh(id, token(frame));
            default -> new ClientFrame.Malformed(id, ErrorCode.UNKNOWN_TYPE,
                    "Unknown frame type '" + type + "'; expected one of " + CLIENT_TYPES);
        };
    }

    private static String token(JsonObject frame) {
        String token = requiredString(frame, "token");
        if (token.length() > FrameCodec.MAX_TOKEN_CHARS) {
            throw badRequest("'token' may have at most " + FrameCodec.MAX_TOKEN_CHARS + " characters");
        }
        return token;
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
        if (epoch.length() > FrameCodec.MAX_EPOCH_CHARS) {
            throw badRequest("'since.epoch' is longer than any epoch (" + FrameCodec.MAX_EPOCH_CHARS + " characters)");
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
}
