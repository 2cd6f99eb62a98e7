package io.switchboard.security;

import java.security.Principal;

/** An {@link Identity} in the shape the Servlet and WebSocket APIs pass around. */
public record IdentityPrincipal(Identity identity) implements Principal {

    @Override
    public String getName() {
        return identity.isAnonymous() ? "anonymous" : identity.user();
    }
}
