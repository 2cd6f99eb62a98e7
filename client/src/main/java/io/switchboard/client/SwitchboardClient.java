package io.switchboard.client;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ClientFrame.Since;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import jakarta.json.JsonValue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A connection to a Switchboard hub that outlives the WebSocket connections under it: it reconnects with backoff
 * and jitter, renews its subscriptions on each new connection, and resumes every exact topic from the last message
 * it saw, so that a short outage costs no message and delivers none twice (or tells {@link
 * SwitchboardListener#onLost} when it cannot). The Java counterpart of {@code switchboard.js}.
 * <pre>{@code
 * try (SwitchboardClient client = SwitchboardClient.builder(URI.create("ws://localhost:8080/ws"))
 *         .token(tokens::current).connect()) {
 *     client.subscribe("orders.>", Order.class, (order, message) -> ship(order));
 *     client.publish("orders.eu", new Order(7)).toCompletableFuture().join();
 * }
 * }</pre>
 * Thread-safe. Handlers and listeners run on the client's dispatcher thread, one at a time, in the order things
 * arrived; the returned stages complete on the client's loop thread: keep what you chain onto them short, or use the
 * {@code ...Async} variants.
 */
public final class SwitchboardClient implements AutoCloseable {

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final ClientBuilder options;
    private final FrameCodec codec = new FrameCodec();
    private final List<SwitchboardListener> listeners = new CopyOnWriteArrayList<>();
    private final Dispatcher dispatcher;
    /** Everything below {@code loop} is touched only on its one thread. */
    private final ScheduledExecutorService loop;
    private final Connection connection;
    /** What is said on the connection's links: subscriptions, requests, answers. */
    private final Exchange exchange;
    private volatile State state = State.CONNECTING;

    SwitchboardClient(ClientBuilder options) {
        this.options = options;
        int number = CLIENTS.incrementAndGet();
        String name = "switchboard-client-" + number;
        this.dispatcher = new Dispatcher(options.maxHandlerQueue, threads(name + "-handlers"));
        this.loop = Executors.newSingleThreadScheduledExecutor(threads(name));
        this.connection = new Connection(this, options, codec, loop, dispatcher,
                threads(name + "-connect"));
        this.exchange = connection.exchange();
        listeners.addAll(options.listeners);
        loop.execute(connection::open);
    }

    /** A builder for a client of the hub at {@code uri} ({@code ws://host:port/ws}, or {@code wss://}). */
    public static ClientBuilder builder(URI uri) {
        return new ClientBuilder(uri);
    }

    /** An anonymous client of the hub at {@code uri}, with every default. */
    public static SwitchboardClient connect(URI uri) {
        return builder(uri).connect();
    }

    /** Where the connection stands now; {@link SwitchboardListener#onState} tells each change. */
    public State state() {
        return state;
    }

    /** The welcome of the current connection, if there is one. */
    public Optional<ServerFrame.Welcome> welcome() {
        return Optional.ofNullable(exchange.welcome());
    }

    /** Completes with the welcome of the current connection, or of the next one. */
    public CompletionStage<ServerFrame.Welcome> connected() {
        return onLoop(() -> exchange.connected()).thenCompose(welcome -> welcome);
    }

    /** Adds a listener of the connection's events; it hears what happens from now on. */
    public void addListener(SwitchboardListener listener) {
        listeners.add(listener);
    }

    /** Removes a listener added before. */
    public void removeListener(SwitchboardListener listener) {
        listeners.remove(listener);
    }

    /**
     * Subscribes {@code handler} to an exact topic or a pattern, without options; see {@link
     * #subscribe(String, Class, SubscribeOptions, MessageHandler)}.
     */
    public <T> Subscription subscribe(String topicOrPattern, Class<T> type, MessageHandler<T> handler) {
        return subscribe(topicOrPattern, type, SubscribeOptions.NONE, handler);
    }

    /**
     * Subscribes {@code handler} to an exact topic or a pattern ({@code *} one token, a final {@code >} one or more),
     * each message's data bound to {@code type} with JSON-B. A message matching several subscriptions of this
     * client is delivered once to each of their handlers. A second handler for the same topic shares the first's
     * subscription (and its options).
     */
    public <T> Subscription subscribe(String topicOrPattern, Class<T> type, SubscribeOptions options,
                                      MessageHandler<T> handler) {
        Subscriptions.Handler<T> subscribed = new Subscriptions.Handler<>(type, handler);
        CompletableFuture<Subscriptions.Entry> entry = onLoop(() -> exchange.subscribe(topicOrPattern, options,
                subscribed));
        return new Subscription() {
            @Override
            public String topic() {
                return topicOrPattern;
            }

            @Override
            public CompletionStage<ServerFrame.Ack> ready() {
                return entry.thenCompose(subscription -> subscription.ready);
            }

            @Override
            public void close() {
                entry.thenAcceptAsync(subscription -> exchange.unsubscribe(subscription, subscribed), loop);
            }
        };
    }

    /**
     * Publishes {@code data} (bound to JSON with JSON-B; a {@link JsonValue} as it is) and completes with the ack:
     * the offset and epoch the server gave it (with the durable store: once it is committed).
     */
    public CompletionStage<ServerFrame.Ack> publish(String topic, Object data) {
        JsonValue json = data == null ? JsonValue.NULL : codec.toJsonValue(data);
        return request(id -> new ClientFrame.Publish(id, topic, json), ServerFrame.Ack.class);
    }

    /** Everything the topic retains, in pages the client follows; see {@link #history(String, Since, Integer)}. */
    public CompletionStage<ServerFrame.History> history(String topic) {
        return history(topic, null, null);
    }

    /**
     * A topic's history: after {@code since} (or the newest, without), at most {@code limit} messages (or all
     * retained, without). The server answers in pages that fit its send queue; this follows them and completes
     * with every message in one frame.
     */
    public CompletionStage<ServerFrame.History> history(String topic, Since since, Integer limit) {
        return request(id -> new ClientFrame.History(id, topic, since, limit), ServerFrame.History.class)
                .thenCompose(first -> morePages(topic, limit, first, new ArrayList<>(first.messages())))
                .minimalCompletionStage();
    }

    private CompletableFuture<ServerFrame.History> morePages(String topic, Integer limit, ServerFrame.History page,
                                                             List<ServerFrame.Message> messages) {
        if (page.next() == null || (limit != null && messages.size() >= limit)) {
            return CompletableFuture.completedFuture(new ServerFrame.History(page.id(), topic,
                    messages.isEmpty() ? page.epoch() : messages.get(0).epoch(), page.recovered(), messages, null));
        }
        Since next = new Since(page.next().offset(), page.next().epoch());
        Integer left = limit == null ? null : limit - messages.size();
        return request(id -> new ClientFrame.History(id, topic, next, left), ServerFrame.History.class)
                .thenCompose(more -> {
                    messages.addAll(more.messages());
                    return morePages(topic, limit, more, messages);
                });
    }

    /** Who subscribes to {@code topic} exactly. */
    public CompletionStage<ServerFrame.Presence> presence(String topic) {
        return request(id -> new ClientFrame.Presence(id, topic), ServerFrame.Presence.class).minimalCompletionStage();
    }

    /**
     * Hands the server the token supplier's next token without reconnecting; the session keeps its subject (a
     * token for another one is refused with {@code forbidden}), and subscriptions the new token does not allow end
     * ({@link SwitchboardListener#onUnsubscribed}). Done by itself when the server warns of the token's expiry.
     */
    public CompletionStage<ServerFrame.Ack> refresh() {
        return CompletableFuture.supplyAsync(options.token, task -> threads("switchboard-token").newThread(task).start())
                .thenCompose(token -> token == null || token.isBlank()
                        ? CompletableFuture.failedFuture(new SwitchboardError("bad_request",
                                "The token supplier gave no token to refresh with"))
                        : request(id -> new ClientFrame.Refresh(id, token), ServerFrame.Ack.class))
                .minimalCompletionStage();
    }

    /** A round trip to the server. */
    public CompletionStage<ServerFrame.Pong> ping() {
        return request(ClientFrame.Ping::new, ServerFrame.Pong.class).minimalCompletionStage();
    }

    /**
     * Closes for good: the connection with 1000, requests still waiting with {@code closed}; handlers already
     * given a message finish it.
     */
    @Override
    public void close() {
        CompletableFuture<Void> closed = onLoop(() -> {
            connection.close();
            return null;
        });
        try {
            closed.get(5, TimeUnit.SECONDS);
            dispatcher.stop(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // closing goes on: the threads are daemons, and nothing waits on them
        } finally {
            loop.shutdownNow(); // timers of requests and reconnects: everything they guarded has been failed
            codec.close();
        }
    }

    // -- for Connection ----------------------------------------------------------------------------------------------

    void state(State next) {
        if (state != next) {
            state = next;
            tell(listener -> listener.onState(next));
        }
    }

    /** The server warned that the token expires: refresh it, and say so if that fails. */
    void renewToken() {
        refresh().whenComplete((ack, failure) -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause != null) {
                SwitchboardError error = cause instanceof SwitchboardError refused ? refused
                        : new SwitchboardError("token", "Refreshing the token failed: " + cause);
                tell(listener -> listener.onError(error));
            }
        });
    }

    /** Tells every listener, on the dispatcher thread. */
    void tell(Consumer<SwitchboardListener> event) {
        dispatcher.event(() -> listeners.forEach(event));
    }

    private <A extends ServerFrame> CompletableFuture<A> request(java.util.function.Function<String, ClientFrame> frame,
                                                                 Class<A> answer) {
        return onLoop(() -> connection.request(frame)).thenCompose(sent -> sent).thenApply(answer::cast);
    }

    private <V> CompletableFuture<V> onLoop(java.util.function.Supplier<V> task) {
        try {
            return CompletableFuture.supplyAsync(task, loop);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return CompletableFuture.failedFuture(SwitchboardError.closed());
        }
    }

    /** The builder's thread factory, or daemon threads named for what they do. */
    private java.util.concurrent.ThreadFactory threads(String name) {
        if (options.threads != null) {
            return options.threads;
        }
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
