package io.switchboard.runtime;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's threads of its own: one timer thread for periodic housekeeping (heartbeats, history expiry,
 * the metrics feed), a few workers for socket work that must not run where it was decided, such as closing a
 * session from inside a fan-out, and one writer per core for sessions' batched sends. Plain executors rather than
 * managed ones because the tasks touch no container context and the same WAR must run on Tomcat, which has none.
 * Timer tasks must be short: they share one thread.
 */
@ApplicationScoped
public class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    static final int WORKERS = 4;
    static final int WRITERS = Runtime.getRuntime().availableProcessors();

    private final Liveness liveness;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonThreads("timer"));
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), daemonThreads("worker"));
    /** One per core: writes never block, so more threads would only take turns. */
    private final ThreadPoolExecutor writers = new ThreadPoolExecutor(WRITERS, WRITERS, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), daemonThreads("writer"));

    /** For CDI's client proxy only. */
    protected Scheduler() {
        this.liveness = null;
    }

    @Inject
    public Scheduler(Liveness liveness) {
        this.liveness = liveness;
        // Cancelled one-shot timers (token expiry of sessions that ended early) must not linger in the queue.
        timer.setRemoveOnCancelPolicy(true);
        worker.allowCoreThreadTimeOut(true);
        writers.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code task} soon on a worker thread. */
    public Executor worker() {
        return task -> worker.execute(() -> runLogged("worker task", task));
    }

    /**
     * Where sessions' outboxes write when their frames may gather (see the hub's {@code Outbox}); each task holds
     * one session's writer role, so at most one task per session waits here.
     */
    public Executor writers() {
        return task -> writers.execute(() -> runLogged("writer task", task));
    }

    /**
     * Makes the writer threads from now on with {@code threads}: the hub's, where the container writes better from
     * threads of its own kind. Threads already made stay until they idle out.
     */
    public void writeFrom(ThreadFactory threads) {
        writers.setThreadFactory(threads);
    }

    /** Runs {@code task} every {@code period}; /health reports DOWN if it stops doing so. */
    public ScheduledFuture<?> every(Duration period, String name, Runnable task) {
        long millis = period.toMillis();
        Liveness.Beat beat = liveness.expectEvery(name, period);
        return timer.scheduleAtFixedRate(() -> {
            runLogged(name, task);
            beat.ran();
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    public ScheduledFuture<?> after(Duration delay, String name, Runnable task) {
        return timer.schedule(() -> runLogged(name, task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A periodic task that throws anything, an {@link Error} included, would be cancelled silently; log it, tell
     * {@link Liveness}, and keep the task running instead.
     */
    private void runLogged(String name, Runnable task) {
        try {
            task.run();
        } catch (Throwable e) {
            liveness.saw(e);
            LOG.log(Level.WARNING, "Scheduled task '" + name + "' failed", e);
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        worker.shutdown();
        writers.shutdown();
    }

    /** Daemon threads named {@code switchboard-<kind>-<n>}, for this class's executors and the hub's. */
    public static ThreadFactory daemonThreads(String kind) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "switchboard-" + kind + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
