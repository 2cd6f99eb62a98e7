package io.switchboard.client;

import io.switchboard.protocol.ServerFrame;

/**
 * Receives a subscription's messages, one at a time, on the client's dispatcher thread.
 *
 * @param <T> what the message's {@code data} is bound to with JSON-B ({@link jakarta.json.JsonValue} for as is)
 */
@FunctionalInterface
public interface MessageHandler<T> {

    /**
     * @param data    the message's data, bound to the subscription's type
     * @param message the whole message: topic, offset, epoch, time and the data as JSON
     */
    void onMessage(T data, ServerFrame.Message message);
}
