package io.switchboard.hub;

import io.switchboard.protocol.ServerFrame;
import io.switchboard.runtime.Scheduler;
import io.switchboard.runtime.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A session lives as long as its token: {@code switchboard.jwt.expiry-warning-seconds} before the token expires the
 * session gets an {@code expiring} frame, time to send a {@code refresh}; at expiry (plus the clock skew the token
 * was checked with) it is closed with 1008 {@code token expired}. A refresh starts both over for the new token.
 */
@ApplicationScoped
public class TokenExpiry {

    static final String EXPIRED = "token expired";

    @Inject
    SwitchboardConfig config;
    @Inject
    Scheduler scheduler;

    Clock clock = Clock.systemUTC();

    /** Sets the timers for the connection's current token; none for an anonymous session. */
    void watch(Connection connection) {
        Instant expiresAt = connection.identity().expiresAt();
        if (expiresAt == null) {
            return; // anonymous, and stays so: an anonymous session cannot refresh
        }
        Instant now = clock.instant();
        // the same leeway as when the token was checked, or a token accepted within it would end at once
        Duration untilClose = nonNegative(Duration.between(now, expiresAt.plus(config.jwt().clockSkew())));
        Duration untilWarning = nonNegative(Duration.between(now, expiresAt.minus(config.jwt().expiryWarning())));
        connection.expiresWith(
                scheduler.after(untilWarning, "token expiry warning",
                        () -> connection.reply(new ServerFrame.Expiring(expiresAt))),
                scheduler.after(untilClose, "token expiry",
                        () -> connection.close(ConnectionRegistry.POLICY_VIOLATION, EXPIRED)));
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
