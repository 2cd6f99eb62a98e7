package io.switchboard.cluster;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;
import jakarta.json.JsonValue;

import java.time.Instant;

/**
 * A message as a ringbuffer item: its acceptance time and its data, as plain text ({@code millis}, a newline,
 * the JSON). Plain strings need no serializer and no application classes on the cluster's side. A hole, an offset
 * whose message no node committed before every node stopped, is the time and the newline alone.
 */
final class StoredMessage {

    private StoredMessage() {
    }

    static String encode(FrameCodec codec, Instant time, JsonValue data) {
        return time.toEpochMilli() + "\n" + codec.toJson(data);
    }

    static String hole(Instant time) {
        return time.toEpochMilli() + "\n";
    }

    static boolean isHole(String stored) {
        return stored.charAt(stored.length() - 1) == '\n';
    }

    static Instant time(String stored) {
        return time(stored, stored.indexOf('\n'));
    }

    static Publication decode(FrameCodec codec, TopicName topic, long offset, String epoch, String stored) {
        int newline = stored.indexOf('\n');
        return new Publication(topic, offset, epoch, time(stored, newline),
                codec.parseValue(stored.substring(newline + 1)));
    }

    private static Instant time(String stored, int newline) {
        return Instant.ofEpochMilli(Long.parseLong(stored, 0, newline, 10));
    }
}
