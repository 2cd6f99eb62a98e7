package io.switchboard.security;

import io.switchboard.runtime.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Cross-site WebSocket hijacking defence: a browser handshake is allowed only from the server's own origin (the
 * Origin's host and port equal the request's Host) or from an origin in {@code switchboard.allowed-origins}
 * ({@code *} allows all). Clients that send no Origin are not browsers and are allowed.
 */
@ApplicationScoped
public class OriginPolicy {

    private List<String> allowed;

    /** For CDI's client proxy only. */
    protected OriginPolicy() {
    }

    @Inject
    public OriginPolicy(SwitchboardConfig config) {
        this.allowed = config.allowedOrigins().stream().map(OriginPolicy::normalize).toList();
    }

    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String normalized = normalize(origin);
        if (allowed.contains("*") || allowed.contains(normalized)) {
            return true;
        }
        return host != null && host.toLowerCase(Locale.ROOT).equals(authorityOf(normalized));
    }

    private static String authorityOf(String origin) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return null;
            }
            return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String normalize(String origin) {
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
