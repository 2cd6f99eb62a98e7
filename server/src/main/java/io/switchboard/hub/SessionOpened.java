package io.switchboard.hub;

/** CDI event: a WebSocket session was accepted. {@code user} is null for anonymous clients. */
public record SessionOpened(String session, String user) {
}
