package io.switchboard.topic;

/** A session present on a topic, and its user (null if anonymous). */
public record Member(String session, String user) {
}
