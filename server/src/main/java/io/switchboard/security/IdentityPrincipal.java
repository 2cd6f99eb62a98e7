package io.switchboard.security;

import java.security.Principal;

/**
 * An {@link Identity} in the shape the Servlet and WebSocket APIs pass around, with the client's address as the
 * handshake gate resolved it (the WebSocket API offers no portable way to learn it later).
 */
public record IdentityPrincipal(Identity identity, String clientAddress) implements Principal {

    @Override
    public String getName() {
        return identity.isAnonymous() ? "anonymous" : identity.user();
    }
}
