/**
 * The WebSocket boundary {@code /ws} and the sessions behind it: the handshake capture, one {@link
 * io.switchboard.hub.Connection} per session with its single-writer {@link io.switchboard.hub.Outbox}, the node's
 * send budget across all outboxes, each session's {@link io.switchboard.hub.Wire} (the only container-specific
 * code: on Payara Tyrus's raw frames, each publish's framed once for all its subscribers, written from threads
 * of Grizzly's kind, with Tyrus's idle-timer re-arm skipped; the standard asynchronous remote elsewhere), the
 * command handling (token refresh in place included), the welcome, heartbeats, token expiry, the shutdown gate,
 * and {@link io.switchboard.hub.Hub}, the CDI API other server code publishes with.
 */
package io.switchboard.hub;
