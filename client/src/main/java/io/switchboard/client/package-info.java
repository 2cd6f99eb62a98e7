/**
 * The Java client of Switchboard ({@link io.switchboard.client.SwitchboardClient}): one connection to a hub that
 * reconnects and resumes by itself, with typed subscriptions, acknowledged publishes, history, presence and
 * listeners in {@code switchboard.js}'s words. Built on the standard Jakarta WebSocket client API and the shared
 * wire contract ({@code io.switchboard.protocol}).
 */
package io.switchboard.client;
