package io.switchboard.client;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/** How a {@link SwitchboardClient} connects; every setting has a default. Not thread-safe; build once. */
public final class ClientBuilder {

    final URI uri;
    Supplier<String> token = () -> null;
    Duration initialDelay = Duration.ofMillis(500);
    Duration maxDelay = Duration.ofSeconds(15);
    Duration requestTimeout = Duration.ofSeconds(30);
    int maxQueued = 1000;
    int maxHandlerQueue = 10_000;
    int maxFrameBytes = 8 << 20;
    WebSocketContainer container;
    ThreadFactory threads;
    final List<SwitchboardListener> listeners = new ArrayList<>();

    ClientBuilder(URI uri) {
        this.uri = Objects.requireNonNull(uri, "uri");
    }

    /**
     * Where the server's token comes from: called before every connection, the first and each reconnect, so a
     * supplier that renews tokens keeps a long-lived client signed in. Returning null connects anonymously.
     */
    public ClientBuilder token(Supplier<String> token) {
        this.token = Objects.requireNonNull(token, "token");
        return this;
    }

    /** A fixed token, for a client that lives shorter than its token. */
    public ClientBuilder token(String token) {
        return token(() -> token);
    }

    /** Reconnect delays: doubling from {@code initial} up to {@code max}, with jitter (default 0.5 s to 15 s). */
    public ClientBuilder reconnectDelays(Duration initial, Duration max) {
        this.initialDelay = positive(initial, "initial");
        this.maxDelay = positive(max, "max");
        return this;
    }

    /** How long a request waits for its answer, connection or not (default 30 s). */
    public ClientBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = positive(timeout, "timeout");
        return this;
    }

    /** Requests that may wait for a connection; more fail with {@code queue_full} (default 1,000). */
    public ClientBuilder maxQueued(int requests) {
        this.maxQueued = atLeastOne(requests, "requests");
        return this;
    }

    /**
     * Messages that may wait for the handlers (default 10,000). When handlers fall that far behind, the client
     * stops reading, lets them catch up, and reconnects, resuming every exact subscription where it was.
     */
    public ClientBuilder maxHandlerQueue(int messages) {
        this.maxHandlerQueue = atLeastOne(messages, "messages");
        return this;
    }

    /** The largest frame the client reads (default 8 MiB: history comes in pages of at most 1 MiB). */
    public ClientBuilder maxFrameBytes(int bytes) {
        this.maxFrameBytes = atLeastOne(bytes, "bytes");
        return this;
    }

    /** The WebSocket container to connect with; by default {@link ContainerProvider#getWebSocketContainer()}. */
    public ClientBuilder container(WebSocketContainer container) {
        this.container = Objects.requireNonNull(container, "container");
        return this;
    }

    /**
     * Where the client's three threads come from (its loop, its handlers, and each connection attempt's); inside a
     * Jakarta EE server, its {@code ManagedThreadFactory}. By default plain daemon threads.
     */
    public ClientBuilder threads(ThreadFactory threads) {
        this.threads = Objects.requireNonNull(threads, "threads");
        return this;
    }

    /**
     * A listener that hears everything from the first connection attempt on, the first welcome and an
     * {@code expiring} right after it included ({@link SwitchboardClient#addListener} hears from when it is called).
     */
    public ClientBuilder listener(SwitchboardListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Starts connecting and returns at once; requests made meanwhile wait for the connection. */
    public SwitchboardClient connect() {
        if (container == null) {
            container = ContainerProvider.getWebSocketContainer();
        }
        return new SwitchboardClient(this);
    }

    private static Duration positive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return duration;
    }

    private static int atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return value;
    }
}
