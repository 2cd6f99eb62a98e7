package io.switchboard.security;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(10, 20, nanos::get);

    @Test
    void aBurstIsAllowedThenCommandsAreLimited() {
        for (int i = 0; i < 20; i++) {
            assertEquals(RateLimiter.Verdict.ALLOWED, limiter.acquire());
        }
        assertEquals(RateLimiter.Verdict.LIMITED, limiter.acquire());
    }

    @Test
    void tokensRefillAtTheRate() {
        for (int i = 0; i < 20; i++) {
            limiter.acquire();
        }
        nanos.addAndGet(100_000_000); // 0.1 s at 10/s = one command
        assertEquals(RateLimiter.Verdict.ALLOWED, limiter.acquire());
        assertEquals(RateLimiter.Verdict.LIMITED, limiter.acquire());
    }

    @Test
    void sendingOnWhileLimitedIsAbusive() {
        for (int i = 0; i < 20; i++) {
            limiter.acquire();
        }
        for (int i = 0; i < 50; i++) { // five seconds' worth at 10/s
            assertEquals(RateLimiter.Verdict.LIMITED, limiter.acquire());
        }
        assertEquals(RateLimiter.Verdict.ABUSIVE, limiter.acquire());
    }

    @Test
    void aBucketIsUnusedOnceNoCommandCameForThePeriod() {
        limiter.acquire();
        nanos.addAndGet(java.time.Duration.ofSeconds(30).toNanos());
        assertFalse(limiter.unusedFor(java.time.Duration.ofMinutes(1)));
        nanos.addAndGet(java.time.Duration.ofSeconds(31).toNanos());
        assertTrue(limiter.unusedFor(java.time.Duration.ofMinutes(1)));
    }

    @Test
    void retryAfterTellsWhenTheNextCommandFits() {
        for (int i = 0; i < 20; i++) {
            limiter.acquire();
        }
        assertEquals(1, limiter.secondsUntilAllowed());
    }
}
