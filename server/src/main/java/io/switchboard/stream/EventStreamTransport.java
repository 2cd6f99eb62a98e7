package io.switchboard.stream;

import io.switchboard.hub.Transport;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.Scheduler;
import jakarta.json.Json;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection's way out as Server-Sent Events: each frame one event whose data is the frame, as on {@code /ws},
 * with the stream's positions as its id when it moves them ({@link StreamPositions}); a heartbeat is a comment, which
 * keeps proxies from idling the stream out and finds a client that is gone (its write fails); a close is a last
 * {@code close} event with the WebSocket close code and reason, so a client decides as it would on {@code /ws}.
 * The bytes leave through a {@link StreamOutput}, which never blocks a thread on a client that does not read.
 */
final class EventStreamTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(EventStreamTransport.class.getName());
    static final String CLOSE_EVENT = "close";
    /** Frames one send writes at most: above 1, the outbox writes on its own threads and frames gather. */
    private static final int FRAMES_PER_SEND = 64;
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);
    /** The code a connection closes with when its client went away: WebSocket's "abnormal closure". */
    private static final int GONE = 1006;
    private static final int INTERNAL_ERROR = 1011;

    private final FrameCodec codec;
    private final StreamPositions positions;
    private final Scheduler scheduler;
    private final StreamOutput output = new StreamOutput(this::gone);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean told = new AtomicBoolean();
    private volatile CloseListener afterClose = (code, reason) -> { };
    /** Set before anything can be written, so before anything can end the stream. */
    private volatile AsyncContext async;

    EventStreamTransport(FrameCodec codec, StreamPositions positions, Scheduler scheduler) {
        this.codec = codec;
        this.positions = positions;
        this.scheduler = scheduler;
    }

    /** Starts writing to the client: what was sent before waits until now. */
    void start(AsyncContext context) throws IOException {
        async = context;
        context.addListener(new ContainerEvents());
        output.attach(context.getResponse().getOutputStream());
    }

    @Override
    public void send(List<String> frames, Consumer<Throwable> done) {
        StringBuilder events = new StringBuilder();
        for (String frame : frames) {
            String id = positions.after(codec.peekPosition(frame));
            if (id != null) {
                events.append("id: ").append(id).append('\n');
            }
            // a frame is one line of JSON; a line break would end the data field, so it would start another
            events.append("data: ").append(frame.replace("\n", "\ndata: ")).append("\n\n");
        }
        output.write(events.toString().getBytes(StandardCharsets.UTF_8), done);
    }

    @Override
    public int framesPerSend() {
        return FRAMES_PER_SEND;
    }

    @Override
    public String wire() {
        return "sse";
    }

    /** A comment, unless bytes still wait for the client: behind a client that does not read, none pile up. */
    @Override
    public void sendPing() {
        if (output.idle()) {
            output.write(HEARTBEAT, failure -> { });
        }
    }

    @Override
    public boolean answersPings() {
        return false;
    }

    /**
     * Writes the {@code close} event after whatever is queued, then ends the stream and tells the registry. Until the
     * client has read the event, or has gone, its connection is still open and still counts as one of its client's,
     * under the same limits: a client that stops reading cannot shed its stalled streams, with what the container
     * and the kernel still hold for them, and open more. The outbox is closed already, so nothing more is queued.
     */
    @Override
    public void close(int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        String data = Json.createObjectBuilder().add("code", code).add("reason", reason).build().toString();
        output.write(("event: " + CLOSE_EVENT + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8),
                failure -> ended(code, reason));
    }

    @Override
    public void afterClose(CloseListener listener) {
        afterClose = listener;
    }

    /** The client cannot be written to any more: it has gone. */
    private void gone(Throwable failure) {
        LOG.log(Level.FINE, "An event stream's client has gone", failure);
        closed.set(true);
        ended(GONE, "client gone");
    }

    /**
     * The response could not be started: the registry forgets the connection at once (nothing will ever be written
     * to it, so nothing else would tell it), and the container answers the failure.
     */
    void abandon(Throwable failure) {
        LOG.log(Level.FINE, "An event stream could not start", failure);
        closed.set(true);
        tell(INTERNAL_ERROR, "the stream could not start");
    }

    /** Tells the registry once, on a worker (the caller may be inside a fan-out); false if it was told already. */
    private boolean tell(int code, String reason) {
        if (!told.compareAndSet(false, true)) {
            return false;
        }
        scheduler.worker().execute(() -> afterClose.closed(code, reason));
        return true;
    }

    /**
     * Tells the registry, and completes the response; the container then ends the stream. Only a written or failed
     * chunk leads here, and chunks are written only once {@link #start} has set the context.
     */
    private void ended(int code, String reason) {
        if (tell(code, reason)) {
            output.end();
            complete();
        }
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyComplete) {
            LOG.log(Level.FINE, "An event stream was complete already", alreadyComplete);
        }
    }

    /**
     * What the container decides about the stream. An error must be answered by completing, on the container's
     * thread, or the container dispatches the failed request to the error page (Tomcat does, with status 500),
     * however the stream learnt of the failure first.
     */
    private final class ContainerEvents implements AsyncListener {

        @Override
        public void onError(AsyncEvent event) {
            Throwable failure = event.getThrowable();
            output.release(failure != null ? failure : new IOException("the container ended the stream"));
            complete();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            onError(event);
        }

        /** However the stream ended, nothing writes to it any more, and the registry forgets it (once only). */
        @Override
        public void onComplete(AsyncEvent event) {
            closed.set(true);
            tell(GONE, "client gone");
            output.release(new IOException("the container completed the stream"));
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }
}
