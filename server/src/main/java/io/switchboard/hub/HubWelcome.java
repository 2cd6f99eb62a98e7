package io.switchboard.hub;

import io.switchboard.protocol.ServerFrame.Welcome;
import io.switchboard.runtime.BuildInfo;
import io.switchboard.runtime.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The {@code welcome} frame: who the session is, the server, its limits, and the handshake as it went. */
@ApplicationScoped
public class HubWelcome {

    @Inject
    SwitchboardConfig config;

    Welcome of(Connection connection, Welcome.Handshake handshake) {
        return new Welcome(connection.session(), connection.user(),
                new Welcome.Server(config.serverName(), BuildInfo.version()),
                config.heartbeat().toSeconds(),
                new Welcome.Limits(config.maxMessageBytes(), config.maxSubscriptions(), config.ratePerSecond()),
                handshake);
    }
}
