package io.switchboard.hub;

import io.switchboard.protocol.ServerFrame.Welcome;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.Scheduler;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.security.ClientQuotas;
import io.switchboard.security.Identity;
import io.switchboard.security.IdentityPrincipal;
import io.switchboard.security.TokenService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;

import java.util.Map;

/**
 * Admits a WebSocket session as a connection: the identity its handshake proved, the registry's limits, the
 * container's settings for it and the {@link Wire} it writes through; or closes it with the reason.
 */
@ApplicationScoped
public class SessionAdmission {

    private static final int TEXT_PART_CHARS = 2048;
    private static final String UNKNOWN_ADDRESS = "unknown";

    @Inject
    SwitchboardConfig config;
    @Inject
    TokenService tokens;
    @Inject
    ShutdownGate gate;
    @Inject
    ConnectionRegistry connections;
    @Inject
    Scheduler scheduler;

    private Wires wires;

    @PostConstruct
    void init() {
        wires = new Wires(scheduler);
    }

    @PreDestroy
    void stop() {
        wires.close();
    }

    /** Admits a new session, or closes it (1001, 1008, 1013) and returns null. */
    Connection open(Session session, Map<String, Object> handshakeProperties) {
        if (gate.isStopping()) {
            closeRefused(session, ConnectionRegistry.GOING_AWAY, "server shutting down");
            return null;
        }
        Identity identity;
        try {
            identity = identityOf(handshakeProperties);
        } catch (SwitchboardException e) {
            closeRefused(session, ConnectionRegistry.POLICY_VIOLATION, "bad token: " + e.getMessage());
            return null;
        }
        String client = ClientQuotas.client(identity, addressOf(handshakeProperties));
        SwitchboardException refused = connections.admit(client);
        if (refused != null) {
            closeRefused(session, ConnectionRegistry.TRY_AGAIN_LATER, refused.getMessage());
            return null;
        }
        // Text arrives in parts of up to this many chars where the container splits messages (Tomcat keeps a buffer
        // of this size per session); HubEndpoint's FrameDecoder assembles them and enforces max-message-bytes.
        session.setMaxTextMessageBufferSize(TEXT_PART_CHARS);
        session.setMaxBinaryMessageBufferSize(1024);
        session.setMaxIdleTimeout(0);
        // A send that never completes would stall the session's single writer; fail it, and close the session.
        session.getAsyncRemote().setSendTimeout(2 * config.heartbeat().toMillis());

        Connection connection = connections.register(identity, client,
                new SessionTransport(session, wires.of(session), scheduler.worker()), scheduler.writers(),
                (Welcome.Handshake) handshakeProperties.get(HandshakeConfigurator.HANDSHAKE));
        // The session keeps its user properties for its whole life; the handshake is needed only until here.
        handshakeProperties.keySet().removeAll(HandshakeConfigurator.CAPTURED);
        return connection;
    }

    private Identity identityOf(Map<String, Object> handshakeProperties) {
        if (handshakeProperties.get(HandshakeConfigurator.PRINCIPAL) instanceof IdentityPrincipal principal) {
            return principal.identity();
        }
        // The handshake gate did not run (another server's filter order): verify here, refusing with 1008.
        return tokens.authenticate((String) handshakeProperties.get(HandshakeConfigurator.TOKEN));
    }

    private static String addressOf(Map<String, Object> handshakeProperties) {
        return handshakeProperties.get(HandshakeConfigurator.PRINCIPAL) instanceof IdentityPrincipal principal
                ? principal.clientAddress() : UNKNOWN_ADDRESS;
    }

    private void closeRefused(Session session, int code, String reason) {
        new SessionTransport(session, new AsyncRemoteWire(session), scheduler.worker()).close(code, reason);
    }
}
