package io.switchboard.topic;

/** The last message a client saw of a topic: its offset and the epoch that offset belongs to. */
public record Position(long offset, String epoch) {
}
