package io.switchboard.stream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * An event stream's bytes on their way to the client, written with the servlet's non-blocking output: a write
 * takes what the connection takes now, the container buffers the rest and calls {@link #onWritePossible} when the
 * client has read it. So a client that stops reading holds no thread, only what is queued here, which its outbox
 * bounds (one batch in flight, then the slow-consumer close).
 *
 * <p>Chunks queued before {@link #attach} wait; each chunk's callback is told once it is written, or the failure.
 * One thread at a time writes, whichever holds the writer role: the one that queues a chunk, or the container's
 * when it can write again. No lock is held while calling the container, whose own locks its callbacks hold.
 */
final class StreamOutput implements WriteListener {

    private record Chunk(byte[] bytes, Consumer<Throwable> done) {
    }

    private final Queue<Chunk> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final Consumer<Throwable> onFailure;
    private volatile ServletOutputStream out;
    /** Whether the container refused more bytes for now: then its onWritePossible, not a queued chunk, resumes. */
    private volatile boolean stalled;
    /** Why the client cannot be written to any more; null while it can. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Bytes written and not yet flushed; only the writer changes it. */
    private volatile boolean unflushed;

    /** @param onFailure told once when the client cannot be written to any more (gone, or the stream aborted) */
    StreamOutput(Consumer<Throwable> onFailure) {
        this.onFailure = onFailure;
    }

    /** Starts writing to {@code stream}, in non-blocking mode from now on. */
    void attach(ServletOutputStream stream) {
        // isReady() only once the listener is set; the container's first onWritePossible may come before out is
        // set, so this thread drains too
        stream.setWriteListener(this);
        out = stream;
        drain();
    }

    /** Queues {@code bytes}; {@code done} gets null once they are written, or the failure. */
    void write(byte[] bytes, Consumer<Throwable> done) {
        pending.add(new Chunk(bytes, done));
        if (failure.get() != null) {
            dropPending();
        } else {
            drain();
        }
    }

    /** True when nothing waits to be written: no batch stuck behind a client that does not read. */
    boolean idle() {
        return pending.isEmpty() && failure.get() == null;
    }

    @Override
    public void onWritePossible() {
        stalled = false;
        drain();
    }

    @Override
    public void onError(Throwable error) {
        fail(error);
    }

    /** Gives up on what is queued, telling each chunk's callback; later writes fail at once. */
    void fail(Throwable error) {
        if (failure.compareAndSet(null, error)) {
            dropPending();
            onFailure.accept(error);
        }
    }

    private void dropPending() {
        for (Chunk chunk = pending.poll(); chunk != null; chunk = pending.poll()) {
            chunk.done().accept(failure.get());
        }
    }

    /**
     * Writes while the container takes bytes without waiting, then flushes. A chunk queued while another thread
     * writes is that thread's to write, or, if it has just let go, this one's: hence the loop.
     */
    private void drain() {
        while (out != null && failure.get() == null && writing.compareAndSet(false, true)) {
            try {
                writeWhileReady();
            } catch (IOException | RuntimeException e) {
                writing.set(false);
                fail(e instanceof IOException ? e : new IOException(e));
                return;
            }
            writing.set(false);
            if (stalled || (pending.isEmpty() && !unflushed)) {
                return;
            }
        }
    }

    private void writeWhileReady() throws IOException {
        ServletOutputStream stream = out;
        while (true) {
            // isReady() false asks the container to call onWritePossible once the client has read
            if (!stream.isReady()) {
                stalled = true;
                return;
            }
            Chunk chunk = pending.poll();
            if (chunk != null) {
                try {
                    stream.write(chunk.bytes());
                } catch (IOException | RuntimeException e) {
                    chunk.done().accept(e); // taken from the queue already, so the failure below misses it
                    throw e;
                }
                unflushed = true;
                chunk.done().accept(null);
            } else if (unflushed) {
                unflushed = false;
                stream.flush();
            } else {
                return;
            }
        }
    }
}
