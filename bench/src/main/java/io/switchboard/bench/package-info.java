/**
 * The benchmark's load generator: many WebSocket connections on a few selector threads ({@link
 * io.switchboard.bench.WsLoop}), one adapter per server's protocol ({@link io.switchboard.bench.Protocol}),
 * end-to-end latency from a send timestamp carried in every message into HdrHistogram, and loss and duplicate
 * counts per topic. {@code bench/run} drives it; the main build's test suite runs a smoke scenario.
 */
package io.switchboard.bench;
