package io.switchboard.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's outbound queue and its single writer. JSR 356 forbids concurrent sends on a session, and a slow
 * client must neither block publishers nor grow memory without bound, so: any thread may {@link #offer}; exactly
 * one thread at a time (the one that wins {@link #writing}) sends, one asynchronous send in flight; a queue over
 * its frame or size bound, or over its share of the node's {@link SendBudget}, is a slow consumer, and the
 * session is closed with 1008.
 *
 * <p>Every queued frame is counted until it is sent or dropped, exactly once, by whichever thread polls it from
 * the queue: the node-wide budget must not leak, or it would cut off healthy clients in the end.
 *
 * <p>Where the transport takes several frames per send, writing runs on the node's writer threads rather than on
 * the offering thread: a publisher's fan-out then only queues, outside any socket call, and what queued up for one
 * client while its previous send was under way leaves in one send. At most one writer task per outbox is pending
 * or running, so the writers' queue is bounded by the number of sessions.
 *
 * <p>Sizes are counted in characters, which equal bytes for the ASCII JSON most frames are.
 */
final class Outbox {

    static final int POLICY_VIOLATION = 1008;
    static final String SLOW_CONSUMER = "slow consumer";

    /** Characters one send gathers at most (a larger frame goes alone), so that one write stays a socket's worth. */
    static final int BATCH_CHARS = 64 * 1024;

    /** Marks where a ping goes in the frame order; compared by identity. */
    private static final String PING = new String("ping");

    private final Transport transport;
    private final int maxFrames;
    private final long maxChars;
    private final SendBudget shared;
    private final Executor writers;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger frames = new AtomicInteger();
    private final AtomicLong chars = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicInteger handoff = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean pingQueued = new AtomicBoolean();
    private volatile CloseAfterFlush closeAfterFlush;

    private static final int SENDING = 0;
    private static final int RETURNED = 1;
    private static final int COMPLETED = 2;

    private record CloseAfterFlush(int code, String reason) {
    }

    Outbox(Transport transport, int maxFrames, long maxChars, SendBudget shared, Executor writers) {
        this.transport = transport;
        this.maxFrames = maxFrames;
        this.maxChars = maxChars;
        this.shared = shared;
        this.writers = writers;
        shared.opened();
    }

    /** Queues a frame; false when the outbox is closed or the frame made this client a slow consumer. */
    boolean offer(String frame) {
        if (closed.get() || closeAfterFlush != null) {
            return false;
        }
        int length = frame.length();
        // Non-short-circuit '|': every counter moves before the check, so the rollback below is symmetric.
        long own = chars.addAndGet(length);
        if (frames.incrementAndGet() > maxFrames | own > maxChars | shared.overShare(own, shared.add(length))) {
            uncount(length);
            close(POLICY_VIOLATION, SLOW_CONSUMER);
            return false;
        }
        queue.add(frame);
        if (closed.get()) {
            drain(); // closed meanwhile: the close may have drained before this frame was in the queue
            return false;
        }
        schedule();
        return true;
    }

    /** Writes now on this thread, or on a writer thread where the transport gathers frames. */
    private void schedule() {
        if (transport.framesPerSend() == 1) {
            pump();
        } else if (writing.compareAndSet(false, true)) {
            try {
                writers.execute(this::write);
            } catch (RejectedExecutionException shuttingDown) {
                write();
            }
        }
    }

    boolean lingers() {
        return transport.lingers();
    }

    /** Characters this client's queue still takes before it is a slow consumer. */
    long roomChars() {
        return Math.max(0, maxChars - chars.get());
    }

    long roomFrames() {
        return Math.max(0, maxFrames - frames.get());
    }

    /**
     * Queues a heartbeat, unless one still waits: behind a client that does not read, heartbeats must not pile
     * up, nor be written on the heartbeat timer's thread where a transport's write may block.
     */
    void offerPing() {
        if (!closed.get() && pingQueued.compareAndSet(false, true)) {
            queue.add(PING);
            schedule();
        }
    }

    /** Sends what is queued, then closes; used for a graceful shutdown. */
    void closeAfterFlush(int code, String reason) {
        closeAfterFlush = new CloseAfterFlush(code, reason);
        pump();
    }

    /** Closes at once, dropping what is queued. */
    void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            shared.closed();
            drain();
            transport.close(code, reason);
        }
    }

    /** Stops taking frames and drops the queued ones, for a session that is already closed. */
    void discard() {
        if (closed.compareAndSet(false, true)) {
            shared.closed();
            drain();
        }
    }

    private void drain() {
        String frame;
        while ((frame = queue.poll()) != null) {
            dropped(frame);
        }
    }

    private void dropped(String frame) {
        if (frame != PING) {
            uncount(frame.length());
        }
    }

    private void uncount(int length) {
        frames.decrementAndGet();
        chars.addAndGet(-length);
        shared.add(-length);
    }

    String wire() {
        return transport.wire();
    }

    boolean answersPings() {
        return transport.answersPings();
    }

    int queuedFrames() {
        return frames.get();
    }

    long queuedChars() {
        return chars.get();
    }

    private void pump() {
        if (writing.compareAndSet(false, true)) {
            write();
        }
    }

    /** Holding the writer role: sends until the queue is empty or a send is under way. */
    private void write() {
        while (true) {
            String frame = queue.poll();
            if (frame == null) {
                if (closeAfterFlush != null) {
                    close(closeAfterFlush.code(), closeAfterFlush.reason());
                }
                writing.set(false);
                // A frame offered after the poll but before the release would otherwise wait for the next offer.
                if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (closed.get()) {
                dropped(frame);
                continue;
            }
            if (frame == PING) {
                pingQueued.set(false);
                transport.sendPing();
                continue;
            }
            List<String> batch = gather(frame);
            handoff.set(SENDING);
            transport.send(batch, failure -> sent(batch, failure));
            if (handoff.compareAndSet(SENDING, RETURNED)) {
                return; // the completion callback takes over the writer role
            }
            // completed on this thread already: keep writing here instead of recursing in the callback
        }
    }

    /** {@code first} and the frames queued behind it, as many as one send takes; a ping waits for the next send. */
    private List<String> gather(String first) {
        int most = transport.framesPerSend();
        if (most == 1 || queue.peek() == null) {
            return List.of(first);
        }
        List<String> batch = new ArrayList<>(Math.min(most, 16));
        batch.add(first);
        long size = first.length();
        while (batch.size() < most && size < BATCH_CHARS) {
            String next = queue.peek();
            if (next == null || next == PING || size + next.length() > BATCH_CHARS) {
                break;
            }
            // only the writer polls, except a close draining at the same time: then whatever comes is dropped anyway
            next = queue.poll();
            if (next == null || next == PING) {
                break;
            }
            batch.add(next);
            size += next.length();
        }
        return batch;
    }

    private void sent(List<String> batch, Throwable failure) {
        for (String frame : batch) {
            uncount(frame.length());
        }
        if (failure != null) {
            close(1011, "send failed");
        }
        if (handoff.compareAndSet(SENDING, COMPLETED)) {
            return;
        }
        writing.set(false);
        pump();
    }
}
