package io.switchboard.api;

import io.switchboard.hub.ConnectionRegistry;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.security.Credentials;
import io.switchboard.security.TokenService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * {@code /api/connections} (admins only): the open sessions of this node, and {@code DELETE} to ask one to
 * reconnect (close 1012), e.g. to rebalance clients after adding a node.
 */
@Path("connections")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ConnectionsResource {

    @Inject
    TokenService tokens;
    @Inject
    ConnectionRegistry connections;

    @HeaderParam(HttpHeaders.AUTHORIZATION)
    String authorization;

    @GET
    public List<ConnectionRegistry.SessionInfo> list() {
        requireAdmin();
        return connections.sessions();
    }

    @DELETE
    @Path("{session}")
    public Response reconnect(@PathParam("session") String session) {
        requireAdmin();
        if (!connections.askToReconnect(session, "asked to reconnect by an admin")) {
            throw new SwitchboardException(ErrorCode.NOT_FOUND, "No session '" + session + "' on this node");
        }
        return Response.noContent().build();
    }

    private void requireAdmin() {
        tokens.authenticate(Credentials.bearer(authorization)).requireAdmin("manage connections");
    }
}
