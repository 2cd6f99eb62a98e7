package io.switchboard.testing;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** Client frames for tests, built with JSON-P rather than by hand. */
public final class Frames {

    private Frames() {
    }

    public static String subscribe(String id, String topic) {
        return frame("subscribe", id).add("topic", topic).build().toString();
    }

    public static String subscribeSince(String id, String topic, long offset, String epoch) {
        return frame("subscribe", id).add("topic", topic)
                .add("since", Json.createObjectBuilder().add("offset", offset).add("epoch", epoch)).build().toString();
    }

    public static String publish(String id, String topic, JsonValue data) {
        return frame("publish", id).add("topic", topic).add("data", data).build().toString();
    }

    public static String history(String id, String topic, JsonValue since) {
        JsonObjectBuilder frame = frame("history", id).add("topic", topic);
        if (since != null) {
            frame.add("since", since);
        }
        return frame.build().toString();
    }

    public static String ping(String id) {
        return frame("ping", id).build().toString();
    }

    private static JsonObjectBuilder frame(String type, String id) {
        JsonObjectBuilder frame = Json.createObjectBuilder().add("type", type);
        return id == null ? frame : frame.add("id", id);
    }
}
