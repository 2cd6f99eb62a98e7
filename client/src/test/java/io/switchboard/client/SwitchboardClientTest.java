package io.switchboard.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client without a server: what waits for a connection that does not come, and how it ends. */
class SwitchboardClientTest {

    /** Nothing listens on port 1 of the loopback interface: every attempt is refused at once. */
    private static final URI NOWHERE = URI.create("ws://127.0.0.1:1/ws");

    private static String code(CompletableFuture<?> answer) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> answer.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(SwitchboardError.class, failed.getCause()).code();
    }

    @Test
    void requestsWaitForAConnectionThatDoesNotComeAndFailWhenTheClientCloses() throws Exception {
        List<Duration> delays = new CopyOnWriteArrayList<>();
        List<State> states = new CopyOnWriteArrayList<>();
        SwitchboardClient client = SwitchboardClient.builder(NOWHERE)
                .reconnectDelays(Duration.ofMillis(20), Duration.ofMillis(200)).connect();
        client.addListener(new SwitchboardListener() {
            @Override
            public void onReconnecting(int attempt, Duration delay) {
                delays.add(delay);
            }

            @Override
            public void onState(State state) {
                states.add(state);
            }
        });
        CompletableFuture<?> publish = client.publish("public.x", 1).toCompletableFuture();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delays.size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(delays.size() >= 5, "it keeps trying: " + delays);
        assertTrue(delays.stream().allMatch(delay -> delay.toMillis() <= 200), "never over the maximum: " + delays);
        assertTrue(!publish.isDone(), "the publish waits for a connection");

        client.close();
        assertEquals(SwitchboardError.CLOSED, code(publish));
        assertEquals(State.CLOSED, client.state());
        assertEquals(SwitchboardError.CLOSED, code(client.publish("public.x", 2).toCompletableFuture()),
                "and so does anything asked after");
        assertEquals(State.CLOSED, states.get(states.size() - 1));
    }

    @Test
    void requestsBeyondTheQueueFailAtOnceAndWaitingOnesTimeOut() throws Exception {
        try (SwitchboardClient client = SwitchboardClient.builder(NOWHERE).maxQueued(1)
                .requestTimeout(Duration.ofMillis(300)).connect()) {
            CompletableFuture<?> first = client.ping().toCompletableFuture();
            assertEquals(SwitchboardError.QUEUE_FULL, code(client.ping().toCompletableFuture()));
            assertEquals(SwitchboardError.TIMEOUT, code(first));
        }
    }
}
