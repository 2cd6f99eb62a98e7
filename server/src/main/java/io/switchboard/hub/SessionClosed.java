package io.switchboard.hub;

/** CDI event: a WebSocket session ended and its subscriptions are gone. */
public record SessionClosed(String session, String user, int closeCode, String reason) {
}
