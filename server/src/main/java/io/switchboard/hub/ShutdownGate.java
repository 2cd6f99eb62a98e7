package io.switchboard.hub;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Admits requests that may publish until shutdown begins, and counts those under way, so that shutdown can wait
 * for them before it flushes the send queues: nothing is acknowledged that subscribers will not get.
 */
@ApplicationScoped
public class ShutdownGate {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    /** Proof that a request was admitted before shutdown began; close it when the request is done. */
    public interface Admission extends AutoCloseable {
        @Override
        void close();
    }

    /** @throws SwitchboardException {@code unavailable} once shutdown has begun */
    public Admission admit() {
        inFlight.incrementAndGet();
        if (stopping) {
            inFlight.decrementAndGet();
            throw new SwitchboardException(ErrorCode.UNAVAILABLE,
                    "The server is shutting down; reconnect and try again");
        }
        return inFlight::decrementAndGet;
    }

    public boolean isStopping() {
        return stopping;
    }

    /** Refuses new requests from now on and waits, until the deadline, for those admitted. */
    void close(long deadlineNanos) {
        stopping = true;
        awaitUntil(() -> inFlight.get() == 0, deadlineNanos);
    }

    static void awaitUntil(BooleanSupplier condition, long deadlineNanos) {
        while (!condition.getAsBoolean() && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
