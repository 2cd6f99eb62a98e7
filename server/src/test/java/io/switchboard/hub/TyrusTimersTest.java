package io.switchboard.hub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TyrusTimersTest {

    private final TyrusTimers timers = new TyrusTimers();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    /** Stands for Tyrus's own, which the hub knows by this simple name. */
    private static final class IdleTimeoutCommand implements Runnable {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public void run() {
            runs.incrementAndGet();
        }
    }

    @Test
    void anIdleTimerArmedWithNoTimeoutIsNeitherQueuedNorRunButLooksDoneToTyrus() throws Exception {
        IdleTimeoutCommand command = new IdleTimeoutCommand();
        ScheduledFuture<?> future = timers.schedule(command, 0, TimeUnit.MILLISECONDS);

        assertTrue(future.isDone());
        assertFalse(future.isCancelled());
        assertFalse(future.cancel(true), "there is nothing to cancel");
        assertNull(future.get());
        assertEquals(0, timers.getQueue().size());
        assertEquals(0, timers.getTaskCount(), "not one task was handed to a thread");
        assertEquals(0, command.runs.get());
    }

    @Test
    void anIdleTimerWithATimeoutFiresAfterIt() throws Exception {
        IdleTimeoutCommand command = new IdleTimeoutCommand();
        timers.schedule(command, 20, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        assertEquals(1, command.runs.get());
    }

    @Test
    void anyOtherTaskRunsAsAskedEvenWhenDueAtOnce() throws Exception {
        CountDownLatch ran = new CountDownLatch(3);
        timers.schedule(ran::countDown, 0, TimeUnit.MILLISECONDS);
        timers.execute(ran::countDown);
        ScheduledFuture<?> heartbeat = timers.scheduleAtFixedRate(ran::countDown, 1, 1000, TimeUnit.MILLISECONDS);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        heartbeat.cancel(false);
    }

    @Test
    void itHoldsNoThreadWhileNoTimerIsPending() {
        timers.schedule(new IdleTimeoutCommand(), 0, TimeUnit.MILLISECONDS);
        assertEquals(0, timers.getPoolSize());
    }
}
