package io.switchboard.hub;

import java.util.List;
import java.util.function.Consumer;

/** The few socket operations an {@link Outbox} needs; a WebSocket session in production, a fake in tests. */
interface Transport {

    /**
     * Starts sending {@code frames}, in order, and returns; {@code done} receives null on success or the failure,
     * possibly on this thread.
     */
    void send(List<String> frames, Consumer<Throwable> done);

    /** Most frames one {@link #send} takes; above 1, the outbox writes on writer threads so that frames gather. */
    int framesPerSend();

    /** Which way frames leave here, for the stats: the {@link Wire}'s name. */
    String wire();

    void sendPing();

    void close(int code, String reason);
}
