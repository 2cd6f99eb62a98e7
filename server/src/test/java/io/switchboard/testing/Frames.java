package io.switchboard.testing;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ClientFrame.Since;
import io.switchboard.protocol.FrameCodec;
import jakarta.json.JsonValue;

/**
 * Client frames as text, for the tests that speak raw frames on purpose (the wire itself is what they test): written
 * by the same codec as the Java client's, never by hand. Malformed frames, which no codec writes, stay literal in
 * the tests that send them.
 */
public final class Frames {

    private static final FrameCodec CODEC = new FrameCodec();

    private Frames() {
    }

    public static String subscribe(String id, String topic) {
        return CODEC.encode(new ClientFrame.Subscribe(id, topic, null, false));
    }

    public static String subscribeWithPresence(String id, String topic) {
        return CODEC.encode(new ClientFrame.Subscribe(id, topic, null, true));
    }

    public static String subscribeSince(String id, String topic, long offset, String epoch) {
        return CODEC.encode(new ClientFrame.Subscribe(id, topic, new Since(offset, epoch), false));
    }

    public static String unsubscribe(String id, String topic) {
        return CODEC.encode(new ClientFrame.Unsubscribe(id, topic));
    }

    public static String publish(String id, String topic, JsonValue data) {
        return CODEC.encode(new ClientFrame.Publish(id, topic, data));
    }

    /** A publish of a number, the tests' usual data. */
    public static String publish(String id, String topic, long data) {
        return publish(id, topic, jakarta.json.Json.createValue(data));
    }

    public static String history(String id, String topic) {
        return CODEC.encode(new ClientFrame.History(id, topic, null, null));
    }

    public static String history(String id, String topic, Since since, Integer limit) {
        return CODEC.encode(new ClientFrame.History(id, topic, since, limit));
    }

    /** As {@link #history(String, String, Since, Integer)}, {@code since} given as the JSON a page's next is. */
    public static String history(String id, String topic, JsonValue since) {
        return history(id, topic, since == null ? null : new Since(since.asJsonObject().getJsonNumber("offset")
                .longValueExact(), since.asJsonObject().getString("epoch")), null);
    }

    public static String presence(String id, String topic) {
        return CODEC.encode(new ClientFrame.Presence(id, topic));
    }

    public static String ping(String id) {
        return CODEC.encode(new ClientFrame.Ping(id));
    }

    public static String refresh(String id, String token) {
        return CODEC.encode(new ClientFrame.Refresh(id, token));
    }
}
