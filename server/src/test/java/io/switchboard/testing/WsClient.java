package io.switchboard.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/** A real WebSocket client (the JDK's) that queues every frame it receives, for tests to read in order. */
public final class WsClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final boolean reading;
    private WebSocket socket;

    /** How the server ended the connection. */
    public record Closed(int code, String reason) {
    }

    private WsClient(boolean reading) {
        this.reading = reading;
    }

    public static WsClient connect(URI base) {
        return connect(base, null, Map.of(), true);
    }

    public static WsClient connect(URI base, String token) {
        return connect(base, token, Map.of(), true);
    }

    /**
     * @param reading false for a client that stops reading after the welcome, like a stalled browser tab
     */
    public static WsClient connect(URI base, String token, Map<String, String> headers, boolean reading) {
        return connect(wsUri(base), token, headers, reading, List.of());
    }

    public static WsClient withSubprotocols(URI base, String... subprotocols) {
        return connect(wsUri(base), null, Map.of(), true, List.of(subprotocols));
    }

    /** Connects to the exact WebSocket URI given, query included. */
    public static WsClient connectTo(URI wsUri) {
        return connect(wsUri, null, Map.of(), true, List.of());
    }

    private static WsClient connect(URI wsUri, String token, Map<String, String> headers, boolean reading,
                                    List<String> subprotocols) {
        WsClient client = new WsClient(reading);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        headers.forEach(builder::header);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        client.socket = builder.buildAsync(wsUri, client.new Listener()).join();
        return client;
    }

    /** The HTTP status of a refused handshake, or fails if the upgrade succeeded. */
    public static int refusedStatus(URI base, String query, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        try {
            WebSocket socket = builder.buildAsync(URI.create(wsUri(base) + query), new WebSocket.Listener() {
            }).join();
            socket.abort();
            return fail("The handshake was accepted");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    public static URI wsUri(URI base) {
        return URI.create(base.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/ws");
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public WsClient send(String json) {
        socket.sendText(json, true).join();
        return this;
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Sends a frame and returns the next frame received. */
    public JsonObject request(String json) {
        send(json);
        return next();
    }

    public JsonObject next() {
        try {
            JsonObject frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(frame, () -> "no frame within " + TIMEOUT
                    + (closed.isDone() ? "; the connection closed: " + closed.getNow(null) : "; still open"));
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame, or null when none came within a second (or the connection closed). */
    public JsonObject nextOrNull() throws InterruptedException {
        return frames.poll(1, TimeUnit.SECONDS);
    }

    /** The next frame, which must be of {@code type}. */
    public JsonObject next(String type) {
        JsonObject frame = next();
        assertEquals(type, frame.getString("type"), () -> "unexpected frame " + frame);
        return frame;
    }

    public List<JsonObject> next(int count) {
        List<JsonObject> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            result.add(next());
        }
        return result;
    }

    public void assertSilentFor(Duration quiet) throws InterruptedException {
        assertNull(frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS), "expected no frame");
    }

    public Closed awaitClose() {
        try {
            return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection", e);
        }
    }

    public boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    /** Drops the TCP connection without a close frame, like a crashed client. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();
        private boolean welcomed;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(Json.createReader(new StringReader(partial.toString())).readObject());
                partial.setLength(0);
                welcomed = true;
            }
            if (reading || !welcomed) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(1006, String.valueOf(error)));
        }
    }
}
