package io.switchboard.bench;

import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The acknowledgements of a scenario's publishes: how long each took from the send (what a durable store's commit
 * costs a publisher), and how many never came or came as an error.
 */
final class Acks {

    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private final Recorder latencyMicros = new Recorder(3);

    /** Records a publish sent just now. */
    CompletableFuture<Void> add(CompletableFuture<Void> acked) {
        long sent = System.nanoTime();
        acked.thenRun(() -> latencyMicros.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000)));
        synchronized (pending) {
            pending.add(acked);
        }
        return acked;
    }

    /** Whether some publish still waits for its ack or its error. */
    boolean awaited() {
        synchronized (pending) {
            return pending.stream().anyMatch(a -> !a.isDone());
        }
    }

    long unacked() {
        synchronized (pending) {
            return pending.stream().filter(a -> !a.isDone() || a.isCompletedExceptionally()).count();
        }
    }

    Recorder latency() {
        return latencyMicros;
    }
}
