package io.switchboard.stream;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.Liveness;
import io.switchboard.runtime.Scheduler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventStreamTransportTest {

    private final FakeServletOutput client = new FakeServletOutput();
    private final AtomicInteger completed = new AtomicInteger();
    /** What the transport listens to on its AsyncContext: the container's errors, timeouts and completion. */
    private final List<AsyncListener> containerListeners = new CopyOnWriteArrayList<>();
    private AsyncContext context;
    private final CompletableFuture<String> told = new CompletableFuture<>();
    private final EventStreamTransport transport = new EventStreamTransport(new FrameCodec(),
            new StreamPositions(Set.of(), Map.of()), new Scheduler(new Liveness()));

    @BeforeEach
    void start() throws IOException {
        transport.afterClose((code, reason) -> told.complete(code + " " + reason));
        context = asyncContext();
        transport.start(context);
    }

    @Test
    void eachFrameIsAnEventAndAHeartbeatAComment() {
        transport.send(List.of("{\"type\":\"welcome\"}", "{\"type\":\"ack\",\"id\":\"1\"}"), failure -> { });
        transport.sendPing();
        assertEquals("data: {\"type\":\"welcome\"}\n\ndata: {\"type\":\"ack\",\"id\":\"1\"}\n\n:\n\n",
                client.written());
    }

    @Test
    void aClosedStreamEndsWithItsCloseEventAndIsThenForgotten() throws Exception {
        transport.close(1008, "slow consumer");
        assertTrue(client.written().endsWith("event: close\ndata: {\"code\":1008,\"reason\":\"slow consumer\"}\n\n"),
                client.written());
        assertEquals("1008 slow consumer", told.get(5, TimeUnit.SECONDS));
        assertEquals(1, completed.get());
    }

    @Test
    void aStreamClosedWhileItsClientDoesNotReadCountsUntilTheClientHasReadItsCloseEvent() throws Exception {
        client.takes = 0;
        transport.close(1008, "slow consumer");
        Thread.sleep(200); // the registry would be told on a worker: give it time to be told wrongly
        assertFalse(told.isDone(), "its connection is still open: it still counts as its client's");
        assertEquals(0, completed.get());
        client.clientReads();
        assertEquals("1008 slow consumer", told.get(5, TimeUnit.SECONDS));
        assertEquals(1, completed.get());
    }

    @Test
    void aStreamClosedWhileItsClientDoesNotReadIsForgottenWhenTheClientHasGone() throws Exception {
        client.takes = 0;
        transport.close(1008, "slow consumer");
        client.listener.onError(new IOException("connection reset"));
        assertEquals("1008 slow consumer", told.get(5, TimeUnit.SECONDS), "the reason it was closed for");
        assertEquals(1, completed.get());
    }

    @Test
    void aClientThatHasGoneIsForgottenAsA1006() throws Exception {
        client.listener.onError(new IOException("connection reset"));
        assertEquals("1006 client gone", told.get(5, TimeUnit.SECONDS));
        transport.close(1000, "late");
        assertEquals(1, completed.get());
    }

    @Test
    void anErrorTheContainerReportsIsAnsweredByCompletingTheStreamEvenIfTheStreamFailedFirst() throws Exception {
        client.broken = true;
        transport.send(List.of("{\"type\":\"a\"}"), failure -> { });
        assertEquals("1006 client gone", told.get(5, TimeUnit.SECONDS), "the stream's own write failed first");
        int completedBefore = completed.get();
        containerListeners.forEach(listener -> onError(listener, new IOException("broken pipe")));
        assertEquals(completedBefore + 1, completed.get(),
                "completed on the container's error, else it dispatches the failed request to its error page");
    }

    @Test
    void aStreamTheContainerEndsIsForgotten() throws Exception {
        containerListeners.forEach(this::onComplete);
        assertEquals("1006 client gone", told.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aStreamWhoseResponseCouldNotStartIsForgottenAtOnce() throws Exception {
        EventStreamTransport unstarted = new EventStreamTransport(new FrameCodec(),
                new StreamPositions(Set.of(), Map.of()), new Scheduler(new Liveness()));
        CompletableFuture<String> forgotten = new CompletableFuture<>();
        unstarted.afterClose((code, reason) -> forgotten.complete(code + " " + reason));
        unstarted.close(1000, "bye"); // queued for a response that never comes
        unstarted.abandon(new IllegalStateException("async not supported"));
        assertEquals("1011 the stream could not start", forgotten.get(5, TimeUnit.SECONDS));
    }

    @Test
    void noHeartbeatIsWrittenBehindBytesThatWait() throws IOException {
        client.takes = 1;
        transport.send(List.of("{\"type\":\"a\"}"), failure -> { });
        transport.send(List.of("{\"type\":\"b\"}"), failure -> { });
        transport.sendPing();
        transport.sendPing();
        client.clientReads();
        assertEquals("data: {\"type\":\"a\"}\n\ndata: {\"type\":\"b\"}\n\n", client.written());
    }

    private void onError(AsyncListener listener, Throwable failure) {
        try {
            listener.onError(new AsyncEvent(context, null, null, failure));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void onComplete(AsyncListener listener) {
        try {
            listener.onComplete(new AsyncEvent(context, null, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AsyncContext asyncContext() {
        ServletResponse response = (ServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getOutputStream")) {
                        return client;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{AsyncContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getResponse" -> response;
                    case "addListener" -> {
                        containerListeners.add((AsyncListener) args[0]);
                        yield null;
                    }
                    case "complete" -> {
                        completed.incrementAndGet();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
