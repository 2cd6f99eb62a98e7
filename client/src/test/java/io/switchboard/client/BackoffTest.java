package io.switchboard.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(15));

    @Test
    void delaysDoubleUpToTheMaximumWithHalfOfEachRandom() {
        assertEquals(250, backoff.delay(0, () -> 0.0).toMillis(), "half of the first delay is fixed");
        assertEquals(500, backoff.delay(0, () -> 1.0).toMillis());
        assertEquals(1500, backoff.delay(2, () -> 0.5).toMillis(), "2 s ceiling: 1 s fixed, half the rest random");
        assertEquals(15_000, backoff.delay(10, () -> 1.0).toMillis(), "never above the maximum");
        assertEquals(15_000, backoff.delay(1_000, () -> 1.0).toMillis(), "however many attempts");
    }
}
