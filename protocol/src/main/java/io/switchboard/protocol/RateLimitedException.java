package io.switchboard.protocol;

/** A {@code rate_limited} refusal that knows when the caller may try again (HTTP {@code Retry-After}). */
public class RateLimitedException extends SwitchboardException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public RateLimitedException(String message, long retryAfterSeconds) {
        super(ErrorCode.RATE_LIMITED, message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
