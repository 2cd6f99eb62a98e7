/**
 * What the application needs from its host: configuration ({@code switchboard.*} settings read from system
 * properties, environment variables and {@code switchboard.properties}), the timers that drive heartbeats,
 * history expiry and the metrics feed, whether the node is still fit to serve ({@link
 * io.switchboard.runtime.Liveness}), and the bounded log of refused requests.
 */
package io.switchboard.runtime;
