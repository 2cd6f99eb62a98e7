package io.switchboard.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteRateTest {

    private final AtomicLong now = new AtomicLong();
    private final ByteRate rate = new ByteRate(1000, 4000, now::get);

    @Test
    void startsFullThenRefillsAtItsRateUpToTheBurst() {
        assertTrue(rate.take(4000));
        assertFalse(rate.take(1));
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertFalse(rate.take(501), "half a second brings 500 bytes");
        assertTrue(rate.take(500));
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertTrue(rate.take(4000), "never more than the burst");
        assertFalse(rate.take(1));
    }

    @Test
    void aRefusalTakesNothingAndWhatIsGivenBackCanBeTakenAgain() {
        assertTrue(rate.take(3000));
        assertFalse(rate.take(1001));
        assertTrue(rate.take(1000), "the refused 1001 took nothing");
        rate.giveBack(2500);
        assertTrue(rate.take(2500));
    }

    @Test
    void tellsHowLongUntilEnoughIsBack() {
        rate.take(4000);
        assertEquals(3, rate.secondsUntil(2500));
        assertEquals(4, rate.secondsUntil(1_000_000), "at most the burst is ever waited for");
        assertEquals(0, new ByteRate(1000, 4000, now::get).secondsUntil(10));
    }

    @Test
    void isForgettableOnceUnusedForAWhile() {
        rate.take(1);
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertFalse(rate.unusedFor(Duration.ofMinutes(1)));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertTrue(rate.unusedFor(Duration.ofMinutes(1)));
    }
}
