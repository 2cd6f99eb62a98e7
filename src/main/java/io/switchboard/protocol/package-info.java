/**
 * The wire contract of {@code /ws} (see {@code docs/protocol.md}): the frames clients send ({@link
 * io.switchboard.protocol.ClientFrame}), the frames the server sends ({@link io.switchboard.protocol.ServerFrame}),
 * the error codes shared with the REST API, and the one codec that maps between JSON text and those records.
 */
package io.switchboard.protocol;
