package io.switchboard.topic;

import io.switchboard.protocol.ServerFrame;
import jakarta.json.JsonValue;

import java.time.Instant;

/** A message as the topic keeps it: its place in the topic's numbering, when it was accepted, and its data. */
public record Publication(TopicName topic, long offset, String epoch, Instant time, JsonValue data) {

    /** The {@code message} frame that carries it to subscribers. */
    public ServerFrame.Message toFrame() {
        return new ServerFrame.Message(topic.value(), offset, epoch, time, data);
    }
}
