package io.switchboard.hub;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.FrameDecoder;
import io.switchboard.runtime.Liveness;
import io.switchboard.runtime.SwitchboardConfig;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /ws}: the same HTTP port as the page and the API, upgraded with {@code 101 Switching Protocols}.
 * One instance per session; it only hands each event to the registry or the command handler.
 */
@ServerEndpoint(value = "/ws",
        subprotocols = "switchboard.v1",
        configurator = HandshakeConfigurator.class)
public class HubEndpoint {

    private static final Logger LOG = Logger.getLogger(HubEndpoint.class.getName());

    @Inject
    SessionAdmission admission;
    @Inject
    ConnectionRegistry connections;
    @Inject
    CommandHandler commands;
    @Inject
    SwitchboardConfig config;
    @Inject
    FrameCodec codec;
    @Inject
    Liveness liveness;

    private Connection connection;
    private FrameDecoder frames;

    @OnOpen
    public void open(Session session, EndpointConfig endpointConfig) {
        connection = admission.open(session, endpointConfig.getUserProperties());
        frames = new FrameDecoder(config.maxMessageBytes(), codec, commands.gateFor(connection));
    }

    /** Text in parts, so that no container holds a buffer of the largest frame for every session. */
    @OnMessage
    public void text(String part, boolean last) {
        if (connection != null) {
            ClientFrame frame = frames.decodePart(part, last);
            if (frame != null) {
                commands.handle(connection, frame, frames.lastLength());
            }
        }
    }

    @OnMessage
    public void binary(ByteBuffer ignored) {
        if (connection != null) {
            connection.close(CloseReason.CloseCodes.CANNOT_ACCEPT.getCode(),
                    "binary frames are not supported; send JSON text frames");
        }
    }

    @OnMessage
    public void pong(PongMessage ignored) {
        if (connection != null) {
            connection.heard();
        }
    }

    @OnClose
    public void close(CloseReason reason) {
        if (connection != null) {
            connections.closed(connection, reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }
    }

    /** Mostly a peer gone; an out-of-memory error met while reading makes the node DOWN (see Liveness). */
    @OnError
    public void error(Session session, Throwable failure) {
        liveness.saw(failure);
        LOG.log(Level.FINE, "WebSocket session failed", failure);
    }
}
