package io.switchboard.hub;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What all send queues of the node may hold together. A per-connection bound times 10,000 connections bounds
 * nothing, so every queued character is also counted here; while the total is over the budget, a connection
 * whose own queue holds more than an equal share of it is a slow consumer. Clients that keep up hold next to
 * nothing and are never cut off by it.
 */
final class SendBudget {

    private final long maxChars;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicInteger queues = new AtomicInteger();

    SendBudget(long maxChars) {
        this.maxChars = maxChars;
    }

    void opened() {
        queues.incrementAndGet();
    }

    void closed() {
        queues.decrementAndGet();
    }

    /** Counts {@code chars} more; returns the new total. */
    long add(long chars) {
        return queued.addAndGet(chars);
    }

    /** Whether a queue holding {@code ownChars}, with the total at {@code total}, takes more than its share. */
    boolean overShare(long ownChars, long total) {
        return total > maxChars && ownChars > maxChars / Math.max(1, queues.get());
    }

    long queuedChars() {
        return queued.get();
    }
}
