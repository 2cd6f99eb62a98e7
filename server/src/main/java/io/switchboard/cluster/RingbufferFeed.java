package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads one topic's ringbuffer from a sequence on, in order, for as long as this node keeps the topic: one
 * outstanding read at a time, parked in the cluster until a message arrives, each batch handed on before the
 * next read. That one reader per topic and node is what delivers every message once and in offset order. A reader
 * that fell so far behind that the cluster dropped what it had still to read says which sequences it lost, and
 * reads on from the oldest one kept: it catches up by itself.
 */
final class RingbufferFeed {

    interface Sink {
        void accept(long sequence, String item);

        /** Sequences {@code first} to {@code last} were dropped by the cluster before this node read them. */
        void fellBehind(long first, long last);
    }

    private static final Logger LOG = Logger.getLogger(RingbufferFeed.class.getName());
    /** Hazelcast reads at most the ringbuffer's capacity, and at most 1000, at once. */
    private static final int MOST_PER_READ = 1000;
    private static final long RETRY_MILLIS = 200;

    private final String topic;
    private final Ringbuffer<String> ringbuffer;
    private final Sink sink;
    private final Executor executor;
    private final int batch;
    private volatile boolean stopped;
    /** Touched only by the one callback in flight. */
    private long next;

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
        ringbuffer.readManyAsync(next, 1, batch, null).whenCompleteAsync(this::handle, executor);
    }

    private void handle(ReadResultSet<String> batch, Throwable failure) {
        if (stopped) {
            return;
        }
        if (failure != null) {
            recover(failure instanceof CompletionException ? failure.getCause() : failure);
            return;
        }
        if (batch.size() > 0 && batch.getSequence(0) > next) {
            // Hazelcast reads on from the oldest item it keeps when the ones asked for are gone
            lost(next, batch.getSequence(0) - 1);
        }
        Error fatal = null;
        for (int i = 0; i < batch.size(); i++) {
            try {
                sink.accept(batch.getSequence(i), batch.get(i));
            } catch (RuntimeException | Error e) {
                // one message this node cannot hand on must not stop the topic's feed
                LOG.log(Level.WARNING, "Topic " + topic + ": message " + (batch.getSequence(i) + 1)
                        + " could not be delivered on this node", e);
                fatal = e instanceof Error error ? error : fatal;
            }
        }
        next = batch.getNextSequenceToReadFrom();
        read();
        if (fatal != null) {
            throw fatal; // the feed goes on; the worker that runs it tells Liveness
        }
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
            long head = ringbuffer.headSequence();
            lost(next, head - 1);
            next = head;
            read();
            return;
        }
        LOG.log(Level.FINE, "Reading topic " + topic + " failed; retrying", failure);
        CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS, executor).execute(this::read);
    }
}
