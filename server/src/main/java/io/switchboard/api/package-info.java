/**
 * The HTTP API on the same port: JAX-RS resources under {@code /api} to publish and inspect topics (history in
 * pages), admin operations (minting tokens, asking sessions to reconnect), REST rate limits, the body gate that
 * bounds every body and requires JSON before any work, the {@code /health} probes (and MicroProfile Health where
 * the server has it), and the mapping of every failure, the container's own included, to a JSON
 * {@code {code, message}} body.
 */
package io.switchboard.api;
