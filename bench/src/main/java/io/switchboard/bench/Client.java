package io.switchboard.bench;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** One benchmark connection: ready when the protocol says so, acks matched to requests, messages to a consumer. */
public final class Client implements WsConnection.Handler {

    private final Protocol protocol;
    private final CompletableFuture<Client> ready = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Consumer<String> messages = text -> { };
    private WsConnection connection;
    private volatile String serverCloseCode;

    Client(Protocol protocol) {
        this.protocol = protocol;
    }

    void bind(WsConnection connection) {
        this.connection = connection;
    }

    public CompletableFuture<Client> ready() {
        return ready;
    }

    public CompletableFuture<String> closed() {
        return closed;
    }

    /** The close code where the server closed this connection ("1006": dropped it), else null. */
    public String serverCloseCode() {
        return serverCloseCode;
    }

    public void onMessage(Consumer<String> consumer) {
        this.messages = consumer;
    }

    public CompletableFuture<Void> subscribe(String topic) {
        long id = ids.incrementAndGet();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        pending.put(id, acked);
        protocol.subscribe(connection, topic, id);
        return acked;
    }

    public CompletableFuture<Void> publish(String topic, String data) {
        long id = ids.incrementAndGet();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        pending.put(id, acked);
        protocol.publish(connection, topic, data, id);
        return acked;
    }

    /** Runs {@code task} on this connection's loop thread, where its acknowledgements are handled too. */
    public void execute(Runnable task) {
        connection.execute(task);
    }

    public void close() {
        connection.close();
    }

    @Override
    public void opened(WsConnection connection) {
        protocol.opened(connection);
    }

    @Override
    public void text(WsConnection connection, String text) {
        Protocol.Incoming incoming = protocol.read(connection, text);
        switch (incoming.kind()) {
            case MESSAGE -> messages.accept(text);
            case ACK -> {
                CompletableFuture<Void> acked = pending.remove(incoming.id());
                if (acked != null) {
                    acked.complete(null);
                }
            }
            case REFUSED -> {
                CompletableFuture<Void> refused = pending.remove(incoming.id());
                if (refused != null) {
                    refused.completeExceptionally(new IllegalStateException("refused: " + text));
                }
            }
            case READY -> ready.complete(this);
            case OTHER -> {
                // protocol chatter
            }
        }
    }

    @Override
    public void closed(WsConnection connection, String serverCode, String why) {
        this.serverCloseCode = serverCode;
        IllegalStateException failure = new IllegalStateException(why);
        ready.completeExceptionally(failure);
        pending.values().forEach(acked -> acked.completeExceptionally(failure));
        closed.complete(why);
    }
}
