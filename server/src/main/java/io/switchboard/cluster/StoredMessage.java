package io.switchboard.cluster;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;
import jakarta.json.JsonValue;

import java.time.Instant;

/**
 * A message as a ringbuffer item: its acceptance time and its data, as plain text ({@code millis}, a newline,
 * the JSON). Plain strings need no serializer and no application classes on the cluster's side.
 */
final class StoredMessage {

    private StoredMessage() {
    }

    static String encode(FrameCodec codec, Instant time, JsonValue data) {
        return time.toEpochMilli() + "\n" + codec.toJson(data);
    }

    static Publication decode(FrameCodec codec, TopicName topic, long offset, String epoch, String stored) {
        int newline = stored.indexOf('\n');
        Instant time = Instant.ofEpochMilli(Long.parseLong(stored.substring(0, newline)));
        return new Publication(topic, offset, epoch, time, codec.parseValue(stored.substring(newline + 1)));
    }
}
