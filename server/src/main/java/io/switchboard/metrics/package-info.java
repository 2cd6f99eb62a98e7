/**
 * What the hub reports about itself: a {@link io.switchboard.metrics.HubStats} snapshot for {@code /api/stats},
 * the Prometheus exposition at {@code /api/metrics}, and the {@code sys.metrics} feed published every second.
 */
package io.switchboard.metrics;
