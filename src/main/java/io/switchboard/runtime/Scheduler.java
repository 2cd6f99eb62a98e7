package io.switchboard.runtime;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's one timer thread for periodic housekeeping (heartbeats, history expiry, the metrics feed).
 * A plain executor rather than a ManagedScheduledExecutorService because the tasks touch no container context
 * and the same WAR must run on Tomcat, which has none. Tasks must be short: they share one thread.
 */
@ApplicationScoped
public class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonThreads());

    public Scheduler() {
        // Cancelled one-shot timers (token expiry of sessions that ended early) must not linger in the queue.
        timer.setRemoveOnCancelPolicy(true);
    }

    public ScheduledFuture<?> every(Duration period, String name, Runnable task) {
        long millis = period.toMillis();
        return timer.scheduleAtFixedRate(() -> runLogged(name, task), millis, millis, TimeUnit.MILLISECONDS);
    }

    public ScheduledFuture<?> after(Duration delay, String name, Runnable task) {
        return timer.schedule(() -> runLogged(name, task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A periodic task that throws would be cancelled silently; log and keep it running instead. */
    private static void runLogged(String name, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Scheduled task '" + name + "' failed", e);
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "switchboard-timer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
