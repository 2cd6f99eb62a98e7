/**
 * What the application needs from its host: configuration ({@code switchboard.*} settings read from system
 * properties, environment variables and {@code switchboard.properties}), the timers that drive heartbeats,
 * history expiry and the metrics feed, whether the node is still fit to serve ({@link
 * io.switchboard.runtime.Liveness}), the bounded log of refused requests, and the
 * deployment's one wire codec.
 */
package io.switchboard.runtime;
