/**
 * The wire contract of {@code /ws} (see {@code docs/protocol.md}): the frames clients send ({@link
 * io.switchboard.protocol.ClientFrame}), the frames the server sends ({@link io.switchboard.protocol.ServerFrame}),
 * the error codes shared with the REST API, the wildcard rules ({@link io.switchboard.protocol.TopicWildcards}),
 * the one codec that maps between JSON text and those records, and the per-connection decoder that assembles
 * incoming text from its parts, enforces the frame size limits and lets a gate refuse a large frame from its header
 * before it is parsed.
 */
package io.switchboard.protocol;
