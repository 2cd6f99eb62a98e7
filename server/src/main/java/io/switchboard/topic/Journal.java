package io.switchboard.topic;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Where durable topics' messages are committed before they count as published. The engine numbers a message
 * under its topic's lock and appends it here; the journal commits it, hands it back through
 * {@link Listener#committed} (still in append order) and only then completes the publisher's future.
 */
public interface Journal {

    /** A hub without a store: nothing is durable, and nothing is restored. */
    Journal NONE = new Journal() {
        @Override
        public void start(Listener listener) {
        }

        @Override
        public void restore(BiConsumer<TopicName, TopicOrigin.Snapshot> topics) {
        }

        @Override
        public CompletableFuture<Publication> append(Numbered message, String publisher) {
            throw new IllegalStateException("No store: " + message.publication().topic() + " cannot be durable");
        }

        @Override
        public boolean accepting() {
            return false;
        }

        @Override
        public void trim(TopicName topic, String epoch, long firstKept) {
        }

        @Override
        public void forget(TopicName topic) {
        }
    };

    /** What the engine does with committed messages, and when the journal failed what it had accepted. */
    interface Listener {

        /** A committed message, for the topic's history and subscribers; called in append order. */
        void committed(Numbered message);

        /**
         * The journal failed every message it had not committed: numbering must go on from each topic's last
         * committed offset. Called before the journal accepts appends again.
         */
        void rewind();
    }

    void start(Listener listener);

    /** Hands over each stored topic with its epoch, last offset and retained messages, oldest first. */
    void restore(BiConsumer<TopicName, TopicOrigin.Snapshot> topics);

    /**
     * Takes a numbered message to commit; called under the topic's lock, so appends of one topic come in offset
     * order. Never blocks. {@code publisher} names who sent it, for each publisher's fair share of the waiting room.
     *
     * @return completes with the message once it is committed and applied; fails with
     *         {@link io.switchboard.protocol.SwitchboardException} {@code unavailable} if it was not committed
     * @throws io.switchboard.protocol.SwitchboardException {@code unavailable} when the store is down or behind:
     *                                                      the message was not taken
     */
    CompletableFuture<Publication> append(Numbered message, String publisher);

    /**
     * Whether an append now would be taken, as far as the journal knows: for engines that make a message visible
     * before they append it (a cluster's ringbuffer), so that an outage refuses it before anyone receives it.
     */
    boolean accepting();

    /** The topic no longer retains anything before {@code firstKept}. */
    void trim(TopicName topic, String epoch, long firstKept);

    /** The topic retains nothing and nobody uses it: the store forgets it, epoch included. */
    void forget(TopicName topic);
}
