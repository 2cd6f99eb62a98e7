package io.switchboard.hub;

import java.util.function.Consumer;

/** The few socket operations an {@link Outbox} needs; a WebSocket session in production, a fake in tests. */
interface Transport {

    /** Starts sending and returns; {@code done} receives null on success or the failure, possibly on this thread. */
    void sendText(String text, Consumer<Throwable> done);

    void sendPing();

    void close(int code, String reason);
}
