package io.switchboard.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnects: doubling from {@code initial} up to {@code max}, with "equal jitter" (half the delay
 * fixed, half random), so that clients a restart cut off together do not all come back in the same instant.
 */
record Backoff(Duration initial, Duration max) {

    Duration delay(int attempt, DoubleSupplier random) {
        long ceiling = initial.toMillis() << Math.min(attempt, 20);
        ceiling = Math.min(max.toMillis(), ceiling);
        return Duration.ofMillis(Math.round(ceiling / 2.0 + random.getAsDouble() * ceiling / 2.0));
    }
}
