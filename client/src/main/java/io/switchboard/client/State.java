package io.switchboard.client;

/** Where a client's connection stands; the same words as {@code switchboard.js}'s {@code state}. */
public enum State {
    /** Opening the first connection; requests wait for it. */
    CONNECTING,
    /** Welcomed by the server: subscriptions are in force, requests go out. */
    CONNECTED,
    /** The connection was lost; a new one is tried after a delay, and requests wait for it. */
    RECONNECTING,
    /** Closed for good, by {@link SwitchboardClient#close()} or by a close the client cannot recover from. */
    CLOSED
}
