package io.switchboard.client;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the application's handlers and listeners on one thread of the client's, one at a time and in the order the
 * client received what they are told, so that a slow handler holds up neither the connection nor acks. Messages
 * count against a bound; events (states, errors) do not, so that none is dropped. A message over the bound is not
 * taken: the client then stops reading and resumes once the handlers have caught up.
 */
final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger messages = new AtomicInteger();
    private final int maxMessages;
    private final Thread thread;
    private volatile boolean stopping;

    Dispatcher(int maxMessages, ThreadFactory threads) {
        this.maxMessages = maxMessages;
        this.thread = threads.newThread(this::run);
        thread.start();
    }

    /** Queues the handling of one message; false, and nothing queued, when {@code maxMessages} wait already. */
    boolean offerMessage(Runnable handling) {
        if (messages.incrementAndGet() > maxMessages) {
            messages.decrementAndGet();
            return false;
        }
        queue.add(() -> {
            try {
                handling.run();
            } finally {
                messages.decrementAndGet();
            }
        });
        return true;
    }

    /** Queues an event for the listeners; always taken. */
    void event(Runnable event) {
        queue.add(event);
    }

    /** Messages taken and not yet handled. */
    int waitingMessages() {
        return messages.get();
    }

    int maxMessages() {
        return maxMessages;
    }

    /** Runs what was queued before, then ends the thread, waiting for it up to {@code millis}. */
    void stop(long millis) throws InterruptedException {
        queue.add(() -> stopping = true);
        if (Thread.currentThread() != thread) {
            thread.join(millis);
        }
    }

    private void run() {
        while (!stopping) {
            Runnable next;
            try {
                next = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next != null) {
                try {
                    next.run();
                } catch (RuntimeException | Error e) {
                    // the application's handler failed, not the client: the next message is handled all the same
                    LOG.log(Level.WARNING, "A Switchboard handler or listener failed", e);
                }
            }
        }
    }
}
