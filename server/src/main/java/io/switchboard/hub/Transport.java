package io.switchboard.hub;

import java.util.List;
import java.util.function.Consumer;

/**
 * The few socket operations an {@link Outbox} needs: a WebSocket session ({@link SessionTransport}), an event
 * stream (the {@code stream} package's SSE transport), a fake in tests.
 */
public interface Transport {

    /** What to do once the transport is closed: code and reason. */
    interface CloseListener {
        void closed(int code, String reason);
    }

    /**
     * Starts sending {@code frames}, in order, and returns; {@code done} receives null on success or the failure,
     * possibly on this thread.
     */
    void send(List<String> frames, Consumer<Throwable> done);

    /** Most frames one {@link #send} takes; above 1, the outbox writes on writer threads so that frames gather. */
    int framesPerSend();

    /** Which way frames leave here, for the stats: the {@link Wire}'s name. */
    String wire();

    /** Sends a heartbeat in the frame order. */
    void sendPing();

    /** Whether the client answers {@link #sendPing} (a WebSocket pong), so that its silence means it is gone. */
    boolean answersPings();

    /**
     * Closes with {@code code} and {@code reason}, without blocking the caller (it may be inside a fan-out), then
     * tells the {@link #afterClose} listener.
     */
    void close(int code, String reason);

    /** Who is told when the transport has closed; it decides when, so the registry learns of every close. */
    void afterClose(CloseListener listener);

    /**
     * Whether the server closed this transport and its socket is still open, because the client takes no bytes
     * and the container keeps what it queued for it ({@link LingeringConnections}). False where the container
     * does not let us see the socket.
     */
    default boolean lingers() {
        return false;
    }
}
