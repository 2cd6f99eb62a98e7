package io.switchboard.client;

import io.switchboard.protocol.ClientFrame.Since;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.TopicWildcards;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The client's subscriptions, one per topic or pattern however many handlers it has, each exact one with the last
 * message it saw (its position), from which it resumes after a reconnect. The client's loop thread's own.
 */
final class Subscriptions {

    private static final Logger LOG = Logger.getLogger(Subscriptions.class.getName());

    /** One handler with the type it binds a message's data to. */
    record Handler<T>(Class<T> type, MessageHandler<T> handler) {

        void deliver(FrameCodec codec, ServerFrame.Message message) {
            T data;
            try {
                data = codec.fromJsonValue(message.data(), type);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Message " + message.offset() + " of " + message.topic() + " cannot be read as "
                        + type.getName() + "; its handler skips it", e);
                return;
            }
            handler.onMessage(data, message);
        }
    }

    /** A topic or pattern subscribed to. */
    static final class Entry {
        final String topic;
        /** The pattern's tokens, split once rather than for every message. */
        private final String[] tokens;
        final boolean exact;
        final boolean presence;
        final List<Handler<?>> handlers = new CopyOnWriteArrayList<>();
        /** Completes with the first ack: the subscription is in force. */
        final CompletableFuture<ServerFrame.Ack> ready = new CompletableFuture<>();
        Since position;

        Entry(String topic, SubscribeOptions options) {
            this.topic = topic;
            this.tokens = TopicWildcards.tokens(topic);
            this.exact = TopicWildcards.isExact(tokens);
            this.presence = options.presence();
            this.position = exact ? options.since() : null;
        }

        /** A message this subscription saw already: a replay overlapping what came before an outage. */
        boolean sawAlready(ServerFrame.Message message) {
            return position != null && position.epoch().equals(message.epoch())
                    && message.offset() <= position.offset();
        }
    }

    private final Map<String, Entry> byTopic = new LinkedHashMap<>();

    Entry get(String topic) {
        return byTopic.get(topic);
    }

    void add(Entry entry) {
        byTopic.put(entry.topic, entry);
    }

    void remove(Entry entry) {
        byTopic.remove(entry.topic, entry);
    }

    Collection<Entry> all() {
        return byTopic.values();
    }

    /** The handlers a message of {@code topic} goes to: of its exact subscription and of every matching pattern. */
    List<Handler<?>> handlersFor(String topic) {
        List<Handler<?>> handlers = new ArrayList<>();
        String[] tokens = null;
        for (Entry entry : byTopic.values()) {
            if (!entry.exact && tokens == null) {
                tokens = TopicWildcards.tokens(topic);
            }
            if (entry.exact ? entry.topic.equals(topic) : TopicWildcards.matches(entry.tokens, tokens)) {
                handlers.addAll(entry.handlers);
            }
        }
        return handlers;
    }
}
