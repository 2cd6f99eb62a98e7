package io.switchboard.api;

import io.switchboard.security.RateLimiter;
import io.switchboard.protocol.RateLimitedException;
import io.switchboard.runtime.Scheduler;
import io.switchboard.runtime.SwitchboardConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets for REST publishing, one per caller: the token's user, or the client address for anonymous
 * callers. Same rate and burst as a WebSocket connection. Buckets idle for a minute are forgotten.
 */
@ApplicationScoped
public class PublishRateLimits {

    static final Duration IDLE = Duration.ofMinutes(1);

    @Inject
    SwitchboardConfig config;
    @Inject
    Scheduler scheduler;

    private final Map<String, RateLimiter> buckets = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        scheduler.every(IDLE, "REST rate limit cleanup", this::forgetIdle);
    }

    /** @throws RateLimitedException when {@code caller} publishes faster than allowed */
    public void admit(String caller) {
        RateLimiter bucket = buckets.computeIfAbsent(caller,
                c -> new RateLimiter(config.ratePerSecond(), config.rateBurst(), System::nanoTime));
        if (bucket.acquire() != RateLimiter.Verdict.ALLOWED) {
            throw new RateLimitedException("Slow down: at most " + config.ratePerSecond()
                    + " publishes a second per caller", bucket.secondsUntilAllowed());
        }
    }

    private void forgetIdle() {
        buckets.values().removeIf(bucket -> bucket.unusedFor(IDLE));
    }
}
