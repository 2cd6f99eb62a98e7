package io.switchboard.hub;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An {@link Outbox}'s way out: the session's {@link Wire}, so no thread waits for a slow client. Closing happens on
 * a worker thread, because it is often decided inside a fan-out under a topic's lock, where neither a blocking
 * close nor the container's {@code @OnClose} callback may run; then the registry is told, since a stalled peer may
 * never complete the close handshake that would trigger {@code @OnClose}.
 */
final class SessionTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0);
    static final int MAX_REASON_BYTES = 123;

    private final Session session;
    private final Wire wire;
    private final Executor worker;
    private volatile CloseListener afterClose = (code, reason) -> { };
    private volatile boolean closedHere;

    SessionTransport(Session session, Wire wire, Executor worker) {
        this.session = session;
        this.wire = wire;
        this.worker = worker;
    }

    @Override
    public void afterClose(CloseListener listener) {
        afterClose = listener;
    }

    @Override
    public boolean answersPings() {
        return true;
    }

    @Override
    public void send(List<String> frames, Consumer<Throwable> done) {
        wire.write(frames, done);
    }

    @Override
    public int framesPerSend() {
        return wire.framesPerWrite();
    }

    @Override
    public String wire() {
        return wire.name();
    }

    @Override
    public void sendPing() {
        ClassLoader caller = ContextClassLoaders.swap(ContextClassLoaders.NO_RESOURCES);
        try {
            session.getAsyncRemote().sendPing(NO_PAYLOAD.duplicate());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Ping to a closing session failed", e);
        } finally {
            ContextClassLoaders.swap(caller);
        }
    }

    /** RFC 6455 allows 123 bytes of reason; a longer one would make the close itself fail. */
    static String fitted(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        String cut = new String(bytes, 0, MAX_REASON_BYTES - 3, StandardCharsets.UTF_8);
        // a multi-byte character cut in half decodes as U+FFFD; drop it
        return (cut.endsWith("\uFFFD") ? cut.substring(0, cut.length() - 1) : cut) + "...";
    }

    /** Closed by the server, with its socket still open: the close waits behind bytes the client does not take. */
    @Override
    public boolean lingers() {
        return closedHere && wire.socketOpen();
    }

    @Override
    public void close(int code, String reason) {
        worker.execute(() -> {
            wire.watchSocket();
            closedHere = true;
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), fitted(reason)));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Closing a broken session failed", e);
            }
            afterClose.closed(code, reason);
        });
    }
}
