package io.switchboard.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One WebSocket connection to {@code /ws}, through the standard client API: whichever container is at hand (the
 * server's own inside Payara or WildFly, Tyrus's standalone client elsewhere). It reports what happens to it and
 * sends one frame at a time, as the API asks.
 */
final class Link extends Endpoint {

    /** What a link reports, from the container's threads; {@code opened} comes before any text. */
    interface Events {
        void opened(Link link);

        void text(Link link, String text);

        void closed(Link link, int code, String reason);
    }

    static final String SUBPROTOCOL = "switchboard.v1";

    private final Events events;
    private final int maxFrameBytes;
    private volatile Session session;

    private Link(Events events, int maxFrameBytes) {
        this.events = events;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Opens a connection; blocks until the handshake is done.
     *
     * @param token sent as {@code Authorization: Bearer}; null for an anonymous client
     */
    static Link open(WebSocketContainer container, URI uri, String token, int maxFrameBytes, Events events)
            throws DeploymentException, IOException {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of(SUBPROTOCOL))
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        // Tyrus adds an Origin as a browser would; a service has none, and with one the hub checks
                        // it against its Host as for a browser page, which a proxy may have rewritten
                        headers.keySet().removeIf(name -> name.equalsIgnoreCase("Origin"));
                        if (token != null) {
                            headers.put("Authorization", List.of("Bearer " + token));
                        }
                    }
                })
                .build();
        Link link = new Link(events, maxFrameBytes);
        container.connectToServer(link, config, uri);
        return link;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.session = session;
        session.setMaxTextMessageBufferSize(maxFrameBytes);
        session.setMaxIdleTimeout(0); // the server pings; a dead connection shows as a failed read or write
        events.opened(this);
        session.addMessageHandler(String.class, text -> events.text(this, text));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        events.closed(this, reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    @Override
    public void onError(Session session, Throwable failure) {
        // onClose follows for a broken connection; a failure to decode or handle is the client's own to report
    }

    /** Sends one text frame; {@code done} gets null when it went out, or why it failed. */
    void send(String text, Consumer<Throwable> done) {
        session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
    }

    /** Closes with a code the client chose (1000 when it is done, 4000 when its handlers fell behind). */
    void close(int code, String reason) {
        Session current = session;
        if (current == null) {
            return;
        }
        try {
            current.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | IllegalStateException e) {
            events.closed(this, 1006, String.valueOf(e));
        }
    }
}
