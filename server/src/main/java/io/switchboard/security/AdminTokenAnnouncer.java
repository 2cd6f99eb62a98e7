package io.switchboard.security;

import io.switchboard.runtime.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/**
 * Like Jupyter: when no secret is configured, print a ready-to-open dashboard URL carrying an admin token, so the
 * person who started the server can use it at once and nobody else can.
 */
@ApplicationScoped
public class AdminTokenAnnouncer {

    private static final Logger LOG = Logger.getLogger(AdminTokenAnnouncer.class.getName());
    static final Duration ADMIN_TOKEN_LIFETIME = Duration.ofDays(1);

    @Inject
    TokenService tokens;
    @Inject
    SwitchboardConfig config;

    void announce(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (!tokens.secretGenerated()) {
            return;
        }
        String token = tokens.mint("admin", List.of(">"), List.of(">"), true, ADMIN_TOKEN_LIFETIME, null).token();
        String base = config.publicUrl().endsWith("/") ? config.publicUrl() : config.publicUrl() + "/";
        LOG.info(() -> "\n\n    Switchboard is running. No switchboard.jwt.secret is set, so this run generated one;"
                + "\n    tokens last until the server stops. Open the dashboard as admin:\n\n    " + base + "?token="
                + token + "\n\n");
    }
}
