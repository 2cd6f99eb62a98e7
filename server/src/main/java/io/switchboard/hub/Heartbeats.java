package io.switchboard.hub;

import io.switchboard.runtime.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Pings every connection each heartbeat, and ends those that stayed silent for two. */
@ApplicationScoped
public class Heartbeats {

    @Inject
    SwitchboardConfig config;
    @Inject
    ConnectionRegistry connections;

    void beat() {
        long deadline = 2 * config.heartbeat().toNanos();
        for (Connection connection : connections.all()) {
            if (connection.silentNanos() > deadline) {
                connection.close(ConnectionRegistry.GOING_AWAY, "missed heartbeats");
            } else {
                connection.ping();
            }
        }
    }
}
