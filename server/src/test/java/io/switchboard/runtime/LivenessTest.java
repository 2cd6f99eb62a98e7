package io.switchboard.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LivenessTest {

    private final Liveness liveness = new Liveness();

    @Test
    void aHealthyNodeHasNoProblems() {
        liveness.expectEvery("sweep", Duration.ofSeconds(1)).ran();
        liveness.saw(new IllegalStateException("a request's own failure"));
        assertTrue(liveness.problems().isEmpty());
    }

    @Test
    void afterOutOfMemoryTheNodeIsDownForGood() {
        liveness.saw(new OutOfMemoryError("Java heap space"));
        assertEquals(1, liveness.problems().size());
        assertTrue(liveness.problems().get(0).contains("OutOfMemoryError"));
    }

    @Test
    void aHeapNearlyFullEvenAfterCollectionIsAProblem() {
        assertTrue(Liveness.exhausted(980, 1000));
        assertFalse(Liveness.exhausted(900, 1000), "nearly full, with room to work in");
        assertFalse(Liveness.exhausted(100, -1), "no maximum known");
    }

    @Test
    void aTaskThatStoppedRunningIsAProblem() {
        liveness.expectEvery("heartbeat", Duration.ofSeconds(25));
        long aMinuteLater = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        assertTrue(liveness.problems(aMinuteLater).isEmpty(), "two missed periods are a pause, not a death");
        long fiveMinutesLater = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        assertTrue(liveness.problems(fiveMinutesLater).get(0).contains("'heartbeat'"));
    }

    @Test
    void theSchedulerKeepsATaskRunningWhateverItThrows() throws Exception {
        Scheduler scheduler = new Scheduler(liveness);
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        scheduler.every(Duration.ofMillis(10), "failing", () -> {
            runs.incrementAndGet();
            throw new StackOverflowError("deep");
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (runs.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        scheduler.stop();
        assertTrue(runs.get() >= 3, "ran again after an Error: " + runs.get());
        assertTrue(liveness.problems().get(0).contains("StackOverflowError"), "an Error is a problem for /health");
    }
}
