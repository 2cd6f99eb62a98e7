/**
 * What the application needs from its host: configuration ({@code switchboard.*} settings read from system
 * properties, environment variables and {@code switchboard.properties}) and the timers that drive heartbeats,
 * history expiry and the metrics feed.
 */
package io.switchboard.runtime;
