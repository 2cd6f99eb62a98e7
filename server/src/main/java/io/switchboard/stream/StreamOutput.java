package io.switchboard.stream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * An event stream's bytes on their way to the client, written with the servlet's non-blocking output: a write
 * takes what the connection takes now, the container buffers the rest and calls {@link #onWritePossible} when the
 * client has read it. So a client that stops reading holds no thread, only what is queued here, which its outbox
 * bounds (one batch in flight, then the slow-consumer close).
 *
 * <p>Chunks queued before {@link #attach} wait; each chunk's callback is told once it is written, or the failure.
 * One thread at a time writes, whichever holds the writer role: the one that queues a chunk, or the container's
 * when it can write again. No lock is held while calling the container, whose own locks its callbacks hold.
 *
 * <p>Once the container has reported an error, or the stream's end, the response is the container's again: it
 * recycles it for another request when its callback returns (Tomcat does, the socket included). So {@link #release},
 * which those callbacks call, returns only once no other thread is inside a call on the stream, and takes the
 * writer role for good. A write under way on another thread while Tomcat recycled the response once closed
 * another client's new stream.
 */
final class StreamOutput implements WriteListener {

    private static final Logger LOG = Logger.getLogger(StreamOutput.class.getName());
    /** Longer than any non-blocking call takes; bounded so that no container thread can wait for good. */
    private static final long RELEASE_WAIT_NANOS = Duration.ofSeconds(1).toNanos();
    /** The failure of a stream that ended as it should: nothing more is written, nobody is told of a failure. */
    private static final IOException ENDED = new IOException("the stream has ended");
    /** The writer role's holder once the container has taken the response back: nobody writes again. */
    private static final Object RELEASED = new Object();

    private record Chunk(byte[] bytes, Consumer<Throwable> done) {
    }

    private final Queue<Chunk> pending = new ConcurrentLinkedQueue<>();
    /** The thread that holds the writer role, null while nobody does, or {@link #RELEASED}. */
    private final AtomicReference<Object> writer = new AtomicReference<>();
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
        release(error);
    }

    /**
     * For the container's callbacks on an error or the end of the stream, after which it recycles the response:
     * fails the stream if it has not ended, and returns once no other thread writes to it, nor ever will.
     */
    void release(Throwable error) {
        fail(error);
        Thread self = Thread.currentThread();
        long deadline = System.nanoTime() + RELEASE_WAIT_NANOS;
        while (true) {
            Object holder = writer.get();
            // the writer may be this very thread, its write's callback having ended the stream: it checks next
            if (holder == RELEASED || (holder == null || holder == self) && writer.compareAndSet(holder, RELEASED)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                LOG.warning("An event stream's writer did not return within a second of the container ending it");
                return;
            }
            LockSupport.parkNanos(10_000);
        }
    }

    /** The stream has ended as it should (its last event is written): nothing more will be. */
    void end() {
        if (failure.compareAndSet(null, ENDED)) {
            dropPending();
        }
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
        Thread self = Thread.currentThread();
        while (out != null && failure.get() == null && writer.compareAndSet(null, self)) {
            try {
                writeWhileReady();
            } catch (IOException | RuntimeException e) {
                writer.compareAndSet(self, null);
                fail(e instanceof IOException ? e : new IOException(e));
                return;
            }
            writer.compareAndSet(self, null);
            if (stalled || (pending.isEmpty() && !unflushed)) {
                return;
            }
        }
    }

    private void writeWhileReady() throws IOException {
        ServletOutputStream stream = out;
        // the container may take the response back (release) between any two calls: each looks first
        while (failure.get() == null) {
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
