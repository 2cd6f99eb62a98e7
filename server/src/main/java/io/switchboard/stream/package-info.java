/**
 * The event-stream fallback: {@code GET /api/stream}, the server frames of a set of subscriptions as Server-Sent
 * Events on the app's own port, for clients whose network refuses the WebSocket upgrade. It owns the boundary
 * ({@link io.switchboard.stream.StreamServlet}), the transport that writes a connection's frames as events
 * ({@link io.switchboard.stream.EventStreamTransport}) through the servlet's non-blocking output
 * ({@link io.switchboard.stream.StreamOutput}), and the resume ids that carry each topic's position
 * ({@link io.switchboard.stream.StreamPositions}). Admission, permissions, limits and the outbox are the hub's,
 * shared with {@code /ws}.
 */
package io.switchboard.stream;
