/**
 * Switchboard's test kit for users' integration tests: a JUnit 5 extension that hands out connected clients and
 * closes them after each test ({@link io.switchboard.testkit.SwitchboardExtension}), recordings of what a topic
 * receives with waits that say what did arrive when they fail ({@link io.switchboard.testkit.Recording}), and
 * waits for acks and answers ({@link io.switchboard.testkit.Awaiting}). Waiting is on the messages themselves,
 * not polling, so a test takes as long as the server does.
 */
package io.switchboard.testkit;
