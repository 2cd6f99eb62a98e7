package io.switchboard.client;

import io.switchboard.protocol.ServerFrame;

import java.time.Duration;

/**
 * What happens to a client's connection, in the words of {@code switchboard.js}'s events ({@code state},
 * {@code open}, {@code close}, {@code reconnecting}, {@code recovered}, {@code lost}, {@code error},
 * {@code presence}, {@code expiring}, {@code unsubscribed}). Called on the client's dispatcher thread, in order
 * with the messages; override what you need.
 */
public interface SwitchboardListener {

    default void onState(State state) {
    }

    /** The server's welcome: a connection is up, and the client's subscriptions are being renewed on it. */
    default void onOpen(ServerFrame.Welcome welcome) {
    }

    /** A connection ended, with the close code and reason (1006 when it dropped without a close frame). */
    default void onClose(int code, String reason) {
    }

    /** A new connection will be tried after {@code delay}; {@code attempt} counts from 1 since the last welcome. */
    default void onReconnecting(int attempt, Duration delay) {
    }

    /** After a reconnect, an exact subscription resumed with nothing missed: what it missed follows, in order. */
    default void onRecovered(String topic, long offset) {
    }

    /**
     * An exact subscription could not resume without a gap (history expired, evicted, or the topic's numbering
     * started again): messages were missed. It goes on from {@code offset} of {@code epoch}; reload what you hold
     * of the topic (with {@link SwitchboardClient#history}, say).
     */
    default void onLost(String topic, long offset, String epoch) {
    }

    /** An error the server sent that answers no request of this client's (or a subscription renewed on reconnect). */
    default void onError(SwitchboardError error) {
    }

    /** Someone subscribed to a topic this client watches with {@code presence}. */
    default void onJoin(ServerFrame.Join join) {
    }

    /** Someone left a topic this client watches with {@code presence}. */
    default void onLeave(ServerFrame.Leave leave) {
    }

    /**
     * The session's token expires at {@code expiresAt}. The client asks its token supplier at once and, when that
     * gives a new token, hands it to the server in place ({@link SwitchboardClient#refresh()}); otherwise the
     * session ends at expiry (1008) and the client reconnects with whatever the supplier gives then.
     */
    default void onExpiring(java.time.Instant expiresAt) {
    }

    /** The server ended a subscription: after a refresh, the new token no longer allows it ({@code forbidden}). */
    default void onUnsubscribed(String topic, SwitchboardError why) {
    }
}
