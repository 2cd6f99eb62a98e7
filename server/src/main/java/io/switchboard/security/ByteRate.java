package io.switchboard.security;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket counted in bytes: {@code bytesPerSecond} on average, {@code burst} at once. Unlike
 * {@link RateLimiter} it never judges a client abusive: a refused publish costs the client nothing but the
 * refusal, and the bucket may be shared by many clients. Thread-safe.
 */
final class ByteRate {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double bytesPerNano;
    private final long burst;
    private final LongSupplier nanoTime;
    private double available;
    private long refilledAt;

    ByteRate(long bytesPerSecond, long burst, LongSupplier nanoTime) {
        this.bytesPerNano = bytesPerSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.available = burst;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes {@code bytes} if that many are available now; false leaves the bucket as it was. */
    synchronized boolean take(long bytes) {
        if (!covers(bytes)) {
            return false;
        }
        available -= bytes;
        return true;
    }

    /** Whether {@code bytes} are available now, taking nothing. */
    synchronized boolean covers(long bytes) {
        long now = nanoTime.getAsLong();
        available = Math.min(burst, available + (now - refilledAt) * bytesPerNano);
        refilledAt = now;
        return available >= bytes;
    }

    /** Returns what {@link #take} took for a publish that another limit refused after all. */
    synchronized void giveBack(long bytes) {
        available = Math.min(burst, available + bytes);
    }

    /** Whole seconds until {@code bytes} would be available, for HTTP's {@code Retry-After}. */
    synchronized long secondsUntil(long bytes) {
        double missing = Math.min(bytes, burst) - available;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / bytesPerNano / NANOS_PER_SECOND);
    }

    /** Whether nothing was taken during {@code period}: the bucket is full again and may be forgotten. */
    synchronized boolean unusedFor(Duration period) {
        return nanoTime.getAsLong() - refilledAt > period.toNanos();
    }
}
