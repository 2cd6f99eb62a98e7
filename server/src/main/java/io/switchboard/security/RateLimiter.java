package io.switchboard.security;

import java.util.function.LongSupplier;

/**
 * A per-connection token bucket: {@code ratePerSecond} commands a second on average, {@code burst} at once.
 * A client that keeps sending while limited (more than five seconds' worth of refused commands within ten
 * seconds) is abusive, and its connection is closed. Used by one connection's reader thread at a time.
 */
public final class RateLimiter {

    public enum Verdict { ALLOWED, LIMITED, ABUSIVE }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long ABUSE_WINDOW_NANOS = 10 * NANOS_PER_SECOND;
    private static final int ABUSE_SECONDS = 5;

    private final double ratePerNano;
    private final int burst;
    private final long abuseThreshold;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;
    private long windowStart;
    private long refusedInWindow;

    public RateLimiter(int ratePerSecond, int burst, LongSupplier nanoTime) {
        this.ratePerNano = (double) ratePerSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.abuseThreshold = (long) ratePerSecond * ABUSE_SECONDS;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.refilledAt = nanoTime.getAsLong();
        this.windowStart = refilledAt;
    }

    public synchronized Verdict acquire() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ALLOWED;
        }
        if (now - windowStart > ABUSE_WINDOW_NANOS) {
            windowStart = now;
            refusedInWindow = 0;
        }
        return ++refusedInWindow > abuseThreshold ? Verdict.ABUSIVE : Verdict.LIMITED;
    }

    /** Whether no command was asked for during {@code period}. */
    public synchronized boolean unusedFor(java.time.Duration period) {
        return nanoTime.getAsLong() - refilledAt > period.toNanos();
    }

    /** Seconds until the next command would be allowed; for HTTP's {@code Retry-After}. */
    public synchronized long secondsUntilAllowed() {
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerNano / NANOS_PER_SECOND);
    }
}
