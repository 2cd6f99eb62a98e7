package io.switchboard.hub;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An {@link Outbox}'s way out: the session's asynchronous remote, so no thread waits for a slow client. Closing
 * happens on a worker thread, because it is often decided inside a fan-out under a topic's lock, where neither a
 * blocking close nor the container's {@code @OnClose} callback may run; then the registry is told, since a
 * stalled peer may never complete the close handshake that would trigger {@code @OnClose}.
 *
 * <p>Sends run with an empty thread context class loader. Tyrus re-arms the session's idle timer on every send,
 * even with the timeout off, and on Payara that schedules a task on a managed executor, which captures context by
 * asking the context class loader for {@code ServiceLoader} files: with the application's loader, a search of
 * every jar of the web application and the server for each frame (measured: most of a send's cost). Nothing in a
 * send needs the application's classes; completions run with the application's loader again.
 */
final class SessionTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0);
    static final int MAX_REASON_BYTES = 123;
    private static final ClassLoader NO_RESOURCES = new ClassLoader(null) { };
    private static final ClassLoader APPLICATION = SessionTransport.class.getClassLoader();

    /** What to do once a session is closed: code and reason. */
    interface CloseListener {
        void closed(int code, String reason);
    }

    private final Session session;
    private final Executor worker;
    private volatile CloseListener afterClose = (code, reason) -> { };

    SessionTransport(Session session, Executor worker) {
        this.session = session;
        this.worker = worker;
    }

    void afterClose(CloseListener listener) {
        afterClose = listener;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        ClassLoader caller = swapContextClassLoader(NO_RESOURCES);
        try {
            session.getAsyncRemote().sendText(text,
                    result -> completeInApplication(done, result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            completeInApplication(done, e);
        } finally {
            swapContextClassLoader(caller);
        }
    }

    private static void completeInApplication(Consumer<Throwable> done, Throwable failure) {
        ClassLoader completing = swapContextClassLoader(APPLICATION);
        try {
            done.accept(failure);
        } finally {
            swapContextClassLoader(completing);
        }
    }

    @Override
    public void sendPing() {
        ClassLoader caller = swapContextClassLoader(NO_RESOURCES);
        try {
            session.getAsyncRemote().sendPing(NO_PAYLOAD.duplicate());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Ping to a closing session failed", e);
        } finally {
            swapContextClassLoader(caller);
        }
    }

    /** Sets this thread's context class loader and returns the one it replaced. */
    private static ClassLoader swapContextClassLoader(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        return previous;
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

    @Override
    public void close(int code, String reason) {
        worker.execute(() -> {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), fitted(reason)));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Closing a broken session failed", e);
            }
            afterClose.closed(code, reason);
        });
    }
}
