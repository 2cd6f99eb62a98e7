package io.switchboard.security;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.ErrorReplies;
import io.switchboard.runtime.RefusalLog;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Runs before the WebSocket upgrade of {@code /ws}: a foreign browser Origin gets 403, a bad token 401 and a
 * client that holds as many connections as it may 429, as plain HTTP answers with a JSON body, so the client
 * never gets a socket it would lose at once.
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class HandshakeGate extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    OriginPolicy origins;
    @Inject
    TokenService tokens;
    @Inject
    ErrorReplies replies;
    @Inject
    ClientAddress clientAddress;
    @Inject
    ClientQuotas quotas;
    @Inject
    RefusalLog refusals;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        if (!origins.allows(request.getHeader("Origin"), request.getHeader("Host"))) {
            refuse(request, response, new SwitchboardException(ErrorCode.FORBIDDEN,
                    "Origin " + request.getHeader("Origin") + " is not allowed; add it to switchboard.allowed-origins"));
            return;
        }
        Identity identity;
        try {
            identity = tokens.authenticate(Credentials.of(request.getHeader("Authorization"),
                    request.getParameter(Credentials.QUERY_PARAMETER)));
        } catch (SwitchboardException e) {
            refuse(request, response, e);
            return;
        }
        String address = clientAddress.of(request);
        if (!quotas.mayConnect(ClientQuotas.client(identity, address))) {
            response.setHeader("Retry-After", "10");
            refuse(request, response, new SwitchboardException(ErrorCode.TOO_MANY_CONNECTIONS,
                    "This client holds as many connections as it may; close one first"));
            return;
        }
        chain.doFilter(new AuthenticatedRequest(request, identity, address), response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, SwitchboardException e)
            throws IOException {
        refusals.refused("WebSocket upgrade from " + clientAddress.of(request), e.code().wireName(), e.getMessage());
        if (e.code() == ErrorCode.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        replies.write(response, e.code().httpStatus(), e);
    }
}
