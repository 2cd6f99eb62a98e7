/**
 * The HTTP API on the same port: JAX-RS resources under {@code /api} to publish and inspect topics, admin
 * operations (minting tokens, asking sessions to reconnect), REST rate limits, the {@code /health} probe, and the
 * mapping of every failure to a JSON {@code {code, message}} body.
 */
package io.switchboard.api;
