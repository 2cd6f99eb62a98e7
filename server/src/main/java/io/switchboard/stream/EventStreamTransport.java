package io.switchboard.stream;

import io.switchboard.hub.Transport;
import io.switchboard.protocol.FrameCodec;
import jakarta.json.Json;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection's way out as Server-Sent Events: each frame one event whose data is the frame, as on {@code /ws},
 * with the stream's positions as its id when it moves them ({@link StreamPositions}); a heartbeat is a comment, which
 * keeps proxies from idling the stream out and finds a client that is gone (its write fails); a close is a last
 * {@code close} event with the WebSocket close code and reason, so a client decides as it would on {@code /ws}.
 */
final class EventStreamTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(EventStreamTransport.class.getName());
    static final String CLOSE_EVENT = "close";
    /** Frames one send writes at most: above 1, the outbox writes on its own threads and frames gather. */
    private static final int FRAMES_PER_SEND = 64;

    private final SseEventSink sink;
    private final Sse sse;
    private final FrameCodec codec;
    private final StreamPositions positions;
    private final Executor closer;
    private volatile CloseListener afterClose = (code, reason) -> { };
    /** Writes under way: a JAX-RS sink writes with the servlet's blocking output, waiting for a slow client. */
    private final AtomicInteger writing = new AtomicInteger();
    /** Set by {@link #close}: the last event, written once no other write is under way. */
    private volatile OutboundSseEvent closeEvent;
    private final AtomicBoolean finishing = new AtomicBoolean();

    /** @param closer where a close writes its event: a thread that may wait for the client */
    EventStreamTransport(SseEventSink sink, Sse sse, FrameCodec codec, StreamPositions positions, Executor closer) {
        this.sink = sink;
        this.sse = sse;
        this.codec = codec;
        this.positions = positions;
        this.closer = closer;
    }

    @Override
    public void send(List<String> frames, Consumer<Throwable> done) {
        CompletableFuture<?>[] sent = new CompletableFuture<?>[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            String frame = frames.get(i);
            OutboundSseEvent.Builder event = sse.newEventBuilder().data(frame);
            String id = positions.after(codec.peekPosition(frame));
            if (id != null) {
                event.id(id);
            }
            sent[i] = write(event.build());
        }
        CompletableFuture.allOf(sent).whenComplete((ignored, failure) -> done.accept(failure));
    }

    @Override
    public int framesPerSend() {
        return FRAMES_PER_SEND;
    }

    @Override
    public String wire() {
        return "sse";
    }

    @Override
    public void sendPing() {
        write(sse.newEventBuilder().comment("").build());
    }

    @Override
    public boolean answersPings() {
        return false;
    }

    /**
     * Forgets the connection at once, then writes the {@code close} event and ends the stream. If a write is under
     * way (a slow consumer's, waiting for its client), the close event follows when it returns: no second thread
     * waits for the same client.
     */
    @Override
    public void close(int code, String reason) {
        String data = Json.createObjectBuilder().add("code", code).add("reason", reason).build().toString();
        closeEvent = sse.newEventBuilder().name(CLOSE_EVENT).data(data).build();
        closer.execute(() -> {
            afterClose.closed(code, reason);
            finish();
        });
    }

    /** Writes the close event, then ends the stream, once nothing else is being written. */
    private void finish() {
        if (writing.get() == 0 && finishing.compareAndSet(false, true)) {
            write(closeEvent).whenComplete((ignored, failure) -> {
                try {
                    sink.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "Closing an event stream failed", e);
                }
            });
        }
    }

    @Override
    public void afterClose(CloseListener listener) {
        afterClose = listener;
    }

    /** Writes one event; a sink that is closed, or fails at once, gives a failed stage rather than throwing. */
    private CompletableFuture<?> write(OutboundSseEvent event) {
        if (sink.isClosed()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the event stream is closed"));
        }
        CompletableFuture<?> sent;
        writing.incrementAndGet();
        try {
            sent = sink.send(event).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete((ignored, failure) -> {
            if (writing.decrementAndGet() == 0 && closeEvent != null) {
                finish();
            }
        });
    }
}
