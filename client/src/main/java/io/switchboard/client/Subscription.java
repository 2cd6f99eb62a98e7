package io.switchboard.client;

import io.switchboard.protocol.ServerFrame;

import java.util.concurrent.CompletionStage;

/** One handler's subscription to a topic or pattern. */
public interface Subscription extends AutoCloseable {

    String topic();

    /**
     * The server's first ack: from then on every message published reaches the handler. Fails with a {@link
     * SwitchboardError} when the server refused the subscription (which is then dropped).
     */
    CompletionStage<ServerFrame.Ack> ready();

    /** Removes this handler; the last handler of a topic unsubscribes on the server. */
    @Override
    void close();
}
