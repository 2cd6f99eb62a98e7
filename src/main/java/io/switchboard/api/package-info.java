/**
 * The HTTP API on the same port: JAX-RS resources under {@code /api} to publish and inspect topics, the
 * {@code /health} probe, and the mapping of every failure to a JSON {@code {code, message}} body.
 */
package io.switchboard.api;
