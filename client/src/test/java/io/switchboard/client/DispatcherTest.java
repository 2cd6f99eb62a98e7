package io.switchboard.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DispatcherTest {

    private final Dispatcher dispatcher = new Dispatcher(2, Thread::new);

    @AfterEach
    void stop() throws InterruptedException {
        dispatcher.stop(1000);
    }

    @Test
    void messagesOverTheBoundAreRefusedButEventsAlwaysGoIn() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        assertTrue(dispatcher.offerMessage(() -> await(blocked)));
        assertTrue(dispatcher.offerMessage(() -> ran.add("second")));
        assertFalse(dispatcher.offerMessage(() -> ran.add("third")), "two wait already");
        dispatcher.event(() -> ran.add("event"));
        assertEquals(2, dispatcher.waitingMessages());
        blocked.countDown();
        CountDownLatch done = new CountDownLatch(1);
        dispatcher.event(done::countDown);
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("second", "event"), ran, "in the order they were queued");
        assertEquals(0, dispatcher.waitingMessages());
    }

    @Test
    void aFailingHandlerDoesNotStopTheNext() throws Exception {
        CountDownLatch next = new CountDownLatch(1);
        dispatcher.offerMessage(() -> {
            throw new IllegalStateException("the application's bug");
        });
        dispatcher.offerMessage(next::countDown);
        assertTrue(next.await(5, TimeUnit.SECONDS));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
