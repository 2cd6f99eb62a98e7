package io.switchboard.hub;

import io.switchboard.runtime.Scheduler;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer service of the sessions on the {@link TyrusWire}, in place of the container's. Tyrus re-arms a session's
 * idle timer on every message it receives, by scheduling a task with the idle timeout as its delay, even when the
 * timeout is off: a task due at once that then does nothing. On Payara the service is the managed scheduled
 * executor, and each task it accepts captures the container's thread context, which looks thread-context providers
 * up through the application's class loader: a scan of every library jar for every message a client sends, on the
 * thread that reads it. Here that task is not scheduled at all; every other timer (an idle timeout someone turns
 * on, Tyrus's heartbeat) runs as asked, on one plain thread that exists only while a timer is pending.
 */
final class TyrusTimers extends ScheduledThreadPoolExecutor {

    /** Tyrus's idle timer task, by its simple name: the class is Tyrus's own, nested in its session. */
    static final String IDLE_TIMEOUT_COMMAND = "IdleTimeoutCommand";
    private static final ScheduledFuture<Object> DISARMED = new Disarmed();

    TyrusTimers() {
        super(1, Scheduler.daemonThreads("tyrus-timer"));
        setKeepAliveTime(30, TimeUnit.SECONDS);
        allowCoreThreadTimeOut(true);
        setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (delay <= 0 && command.getClass().getSimpleName().equals(IDLE_TIMEOUT_COMMAND)) {
            return DISARMED;
        }
        return super.schedule(command, delay, unit);
    }

    /** What Tyrus keeps, and later cancels, for an idle timer that was never armed. */
    private static final class Disarmed implements ScheduledFuture<Object> {

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
