package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads one topic's ringbuffer from a sequence on, in order, for as long as this node keeps the topic, as a
 * pipeline of three stages on the node's workers: one outstanding read, parked in the cluster until a message
 * arrives; preparing each batch read (parsing and framing, most of what a message costs here), on whichever worker
 * the read completes; and handing the prepared messages on, one batch after another in sequence order. While a batch
 * is fanned out the next is read and prepared, so a topic's feed is not one thread doing everything in turn; and
 * it reads at most {@link #AHEAD} batches ahead of its fan-out, so a slow fan-out holds the reading back rather than
 * filling the heap. That one reader and one ordered hand-on per topic and node is what delivers every message once
 * and in offset order. A reader that fell so far behind that the cluster dropped what it had still to read says
 * which sequences it lost, in their place in that order, and reads on from the oldest one kept: it catches up by
 * itself.
 */
final class RingbufferFeed {

    interface Sink {
        /**
         * Prepares the item read at {@code sequence}, on any thread and before its turn, and says what handing it
         * on is: that runs in sequence order, one at a time.
         */
        Runnable prepare(long sequence, String item);

        /** Sequences {@code first} to {@code last} were dropped by the cluster before this node read them. */
        void fellBehind(long first, long last);
    }

    private static final Logger LOG = Logger.getLogger(RingbufferFeed.class.getName());
    /** Hazelcast reads at most the ringbuffer's capacity, and at most 1000, at once. */
    private static final int MOST_PER_READ = 1000;
    /** Batches read and not yet handed on, at most: one being fanned out, one prepared behind it. */
    static final int AHEAD = 2;
    private static final long RETRY_MILLIS = 200;

    private final String topic;
    private final Ringbuffer<String> ringbuffer;
    private final Sink sink;
    private final Executor executor;
    private final int batch;
    private final AtomicInteger ahead = new AtomicInteger();
    /** Set while no read is outstanding because the feed is {@link #AHEAD} batches ahead; whoever clears it reads. */
    private final AtomicBoolean parked = new AtomicBoolean();
    /** Hand-ons in sequence order, run one at a time on the executor. */
    private final Queue<Runnable> turns = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean handingOn = new AtomicBoolean();
    private volatile boolean stopped;
    /** The sequence the outstanding read starts at; touched by one read (or its failure) at a time. */
    private volatile long next;

    RingbufferFeed(String topic, Ringbuffer<String> ringbuffer, long next, Sink sink, Executor executor) {
        this.topic = topic;
        this.ringbuffer = ringbuffer;
        this.next = next;
        this.sink = sink;
        this.executor = executor;
        this.batch = (int) Math.min(MOST_PER_READ, ringbuffer.capacity());
    }

    void start() {
        read();
    }

    void stop() {
        stopped = true;
    }

    private void read() {
        if (stopped) {
            return;
        }
        ringbuffer.readManyAsync(next, 1, batch, null).whenCompleteAsync(this::arrived, executor);
    }

    private void arrived(ReadResultSet<String> read, Throwable failure) {
        if (stopped) {
            return;
        }
        if (failure != null) {
            recover(failure instanceof CompletionException ? failure.getCause() : failure);
            return;
        }
        long expected = next;
        next = read.getNextSequenceToReadFrom();
        ahead.incrementAndGet();
        Error fatal = null;
        List<Runnable> handOns = new ArrayList<>(read.size());
        for (int i = 0; i < read.size(); i++) {
            try {
                handOns.add(sink.prepare(read.getSequence(i), read.get(i)));
            } catch (RuntimeException | Error e) {
                unusable("message at sequence " + read.getSequence(i), e);
                fatal = e instanceof Error error ? error : fatal;
            }
        }
        long first = read.size() > 0 ? read.getSequence(0) : expected;
        inTurn(() -> handOn(expected, first, handOns));
        parked.set(true);
        if (ahead.get() < AHEAD && parked.compareAndSet(true, false)) {
            read();
        }
        if (fatal != null) {
            throw fatal; // the feed goes on; the worker that runs it tells Liveness
        }
    }

    private void handOn(long expected, long first, List<Runnable> handOns) {
        if (first > expected) {
            // Hazelcast reads on from the oldest item it keeps when the ones asked for are gone
            lost(expected, first - 1);
        }
        Error fatal = null;
        for (Runnable handOn : handOns) {
            try {
                handOn.run();
            } catch (RuntimeException | Error e) {
                unusable("message", e);
                fatal = e instanceof Error error ? error : fatal;
            }
        }
        ahead.decrementAndGet();
        if (parked.compareAndSet(true, false)) {
            read();
        }
        if (fatal != null) {
            throw fatal;
        }
    }

    /** Runs {@code handOn} after every hand-on given before it, on the executor. */
    private void inTurn(Runnable handOn) {
        turns.add(handOn);
        if (handingOn.compareAndSet(false, true)) {
            executor.execute(this::takeTurns);
        }
    }

    private void takeTurns() {
        try {
            Runnable turn;
            while (!stopped && (turn = turns.poll()) != null) {
                turn.run();
            }
        } finally {
            handingOn.set(false);
            if (!stopped && !turns.isEmpty() && handingOn.compareAndSet(false, true)) {
                executor.execute(this::takeTurns);
            }
        }
    }

    private void unusable(String which, Throwable e) {
        // one message this node cannot hand on must not stop the topic's feed
        LOG.log(Level.WARNING, "Topic " + topic + ": a " + which + " could not be delivered on this node", e);
    }

    private void lost(long first, long last) {
        LOG.warning(() -> "Topic " + topic + ": this node fell behind its cluster by more than the ringbuffer keeps; "
                + "the " + (last - first + 1) + " messages it missed are gone, and its subscribers are told");
        try {
            sink.fellBehind(first, last);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Topic " + topic + ": telling subscribers of the gap failed", e);
        }
    }

    private void recover(Throwable failure) {
        if (failure instanceof HazelcastInstanceNotActiveException) {
            stopped = true;
            return;
        }
        if (failure instanceof StaleSequenceException) {
            long missedFrom = next;
            long head = ringbuffer.headSequence();
            inTurn(() -> lost(missedFrom, head - 1));
            next = head;
            read();
            return;
        }
        LOG.log(Level.FINE, "Reading topic " + topic + " failed; retrying", failure);
        CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS, executor).execute(this::read);
    }
}
