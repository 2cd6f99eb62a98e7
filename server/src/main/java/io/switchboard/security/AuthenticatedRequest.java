package io.switchboard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.security.Principal;

/** Carries the identity the handshake gate verified on to the WebSocket handshake, so it is verified once. */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

    private final IdentityPrincipal principal;

    AuthenticatedRequest(HttpServletRequest request, Identity identity, String clientAddress) {
        super(request);
        this.principal = new IdentityPrincipal(identity, clientAddress);
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }
}
