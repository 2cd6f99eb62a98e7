package io.switchboard.testkit;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for the client's answers in a test, failing with what went wrong rather than a bare exception. */
public final class Awaiting {

    /** How long the kit waits when a test does not say. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private Awaiting() {
    }

    /** The answer {@code stage} completes with: an ack, a history, a presence... */
    public static <T> T await(CompletionStage<T> stage) {
        return await(stage, DEFAULT_TIMEOUT, "the answer");
    }

    static <T> T await(CompletionStage<T> stage, Duration within, String what) {
        try {
            return stage.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("Expected " + what + ", but it failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("Expected " + what + " within " + within + ", but none came");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + what, e);
        }
    }
}
