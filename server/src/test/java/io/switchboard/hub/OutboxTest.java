package io.switchboard.hub;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {

    @Test
    void framesAreSentInOrderWithOneSendInFlight() {
        FakeTransport transport = new FakeTransport(false);
        Outbox outbox = new Outbox(transport, 100, 1_000_000, new SendBudget(Long.MAX_VALUE), Runnable::run);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        assertEquals(List.of("a"), transport.sent);
        transport.completeOne();
        transport.completeOne();
        transport.completeOne();
        assertEquals(List.of("a", "b", "c"), transport.sent);
        assertEquals(1, transport.maxConcurrentSends);
        assertEquals(0, outbox.queuedFrames());
    }

    @Test
    void framesQueuedBehindASendLeaveTogetherInTheNextOne() {
        FakeTransport transport = new FakeTransport(false, 64);
        Outbox outbox = new Outbox(transport, 100, 1_000_000, new SendBudget(Long.MAX_VALUE), Runnable::run);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        outbox.offer("d");
        transport.completeOne();
        transport.completeOne();
        assertEquals(List.of(List.of("a"), List.of("b", "c", "d")), transport.sends);
        assertEquals(0, outbox.queuedFrames());
    }

    @Test
    void aBatchEndsAtItsSizeAndAtAPing() {
        FakeTransport transport = new FakeTransport(false, 3);
        Outbox outbox = new Outbox(transport, 100, 1_000_000, new SendBudget(Long.MAX_VALUE), Runnable::run);
        String big = "x".repeat(Outbox.BATCH_CHARS);
        outbox.offer("first");
        for (String frame : List.of("1", "2", "3", "4", big, "5")) {
            outbox.offer(frame);
        }
        outbox.offerPing();
        outbox.offer("6");
        for (int i = 0; i < 6; i++) {
            transport.completeOne();
        }
        assertEquals(List.of(List.of("first"), List.of("1", "2", "3"), List.of("4"), List.of("big"), List.of("5"),
                        List.of("6")),
                transport.sends.stream().map(send -> send.stream().map(f -> f == big ? "big" : f).toList()).toList(),
                "at most 3 frames, at most BATCH_CHARS together, and the ping between 5 and 6");
        assertEquals(1, transport.pings);
    }

    @Test
    void whereFramesGatherTheOffererOnlyQueuesAndOneWriterTaskSendsThemTogether() {
        FakeTransport transport = new FakeTransport(true, 64);
        List<Runnable> writerTasks = new ArrayList<>();
        Outbox outbox = new Outbox(transport, 100, 1_000_000, new SendBudget(Long.MAX_VALUE), writerTasks::add);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        assertEquals(List.of(), transport.sent, "nothing written on the offering thread");
        assertEquals(1, writerTasks.size(), "one writer task per outbox at a time");
        writerTasks.get(0).run();
        assertEquals(List.of(List.of("a", "b", "c")), transport.sends);
        outbox.offer("d");
        assertEquals(2, writerTasks.size(), "the writer was released, so the next frame needs a task again");
    }

    @Test
    void sendsThatCompleteOnTheCallingThreadDoNotRecurse() {
        FakeTransport transport = new FakeTransport(true);
        Outbox outbox = new Outbox(transport, 200_000, Long.MAX_VALUE, new SendBudget(Long.MAX_VALUE), Runnable::run);
        for (int i = 0; i < 100_000; i++) {
            outbox.offer("f" + i);
        }
        assertEquals(100_000, transport.sent.size());
    }

    @Test
    void aClientThatFallsTooFarBehindIsClosedAsASlowConsumer() {
        FakeTransport transport = new FakeTransport(false);
        Outbox outbox = new Outbox(transport, 3, 1_000_000, new SendBudget(Long.MAX_VALUE), Runnable::run);
        assertTrue(outbox.offer("1"));
        assertTrue(outbox.offer("2"));
        assertTrue(outbox.offer("3"));
        assertFalse(outbox.offer("4"));
        assertEquals(1008, transport.closeCode);
        assertEquals("slow consumer", transport.closeReason);
        assertFalse(outbox.offer("5"), "a closed outbox takes nothing");
    }

    @Test
    void theByteBoundCountsToo() {
        FakeTransport transport = new FakeTransport(false);
        Outbox outbox = new Outbox(transport, 100, 10, new SendBudget(Long.MAX_VALUE), Runnable::run);
        assertTrue(outbox.offer("12345"));
        assertTrue(outbox.offer("12345"));
        assertFalse(outbox.offer("1"));
        assertEquals(1008, transport.closeCode);
    }

    @Test
    void overTheNodesBudgetAQueueHoldingMoreThanItsShareIsASlowConsumer() {
        SendBudget shared = new SendBudget(20);
        FakeTransport stalled = new FakeTransport(false);
        FakeTransport keepingUp = new FakeTransport(false);
        Outbox behind = new Outbox(stalled, 100, 1000, shared, Runnable::run);
        Outbox current = new Outbox(keepingUp, 100, 1000, shared, Runnable::run);
        assertTrue(behind.offer("0123456789"));
        assertTrue(behind.offer("0123456789"));
        assertTrue(current.offer("0123"), "within its share (10 of 20), though the node is over budget");
        assertFalse(behind.offer("0123456789"), "over budget and over its share");
        assertEquals(1008, stalled.closeCode);
        assertEquals("slow consumer", stalled.closeReason);
        assertNull(keepingUp.closeCode);
    }

    @Test
    void everyQueuedFrameLeavesTheNodesBudgetOnceWhateverBecomesOfIt() {
        SendBudget shared = new SendBudget(Long.MAX_VALUE);
        FakeTransport transport = new FakeTransport(false);
        Outbox sent = new Outbox(transport, 100, 1000, shared, Runnable::run);
        sent.offer("abc");
        sent.offer("defg");
        transport.completeOne();
        transport.completeOne();
        Outbox closed = new Outbox(new FakeTransport(false), 100, 1000, shared, Runnable::run);
        closed.offer("in flight");
        closed.offer("queued");
        closed.close(1008, "slow consumer");
        Outbox discarded = new Outbox(new FakeTransport(false), 100, 1000, shared, Runnable::run);
        discarded.offer("x");
        discarded.offer("y");
        discarded.discard();
        Outbox full = new Outbox(new FakeTransport(false), 1, 1000, shared, Runnable::run);
        full.offer("1");
        full.offer("2");
        assertEquals(0, shared.queuedChars() - "in flight".length() - "x".length() - "1".length(),
                "only frames still in a send are counted");
    }

    @Test
    void roomIsWhatTheQueueStillTakes() {
        Outbox outbox = new Outbox(new FakeTransport(false), 100, 1000, new SendBudget(Long.MAX_VALUE), Runnable::run);
        outbox.offer("0123456789");
        assertEquals(990, outbox.roomChars());
    }

    @Test
    void pingsTakeTheirTurnBetweenFrames() {
        FakeTransport transport = new FakeTransport(false);
        Outbox outbox = new Outbox(transport, 100, 1000, new SendBudget(Long.MAX_VALUE), Runnable::run);
        outbox.offer("a");
        outbox.offerPing();
        outbox.offer("b");
        assertEquals(0, transport.pings);
        transport.completeOne();
        assertEquals(1, transport.pings);
        assertEquals(List.of("a", "b"), transport.sent);
    }

    @Test
    void heartbeatsBehindAClientThatDoesNotReadDoNotPileUpAndLeaveOnTheWriters() {
        FakeTransport stalled = new FakeTransport(false, 4);
        List<Runnable> writerTasks = new java.util.ArrayList<>();
        Outbox outbox = new Outbox(stalled, 100, 1000, new SendBudget(Long.MAX_VALUE), writerTasks::add);
        outbox.offerPing();
        assertEquals(0, stalled.pings, "not written on the heartbeat's own thread");
        writerTasks.remove(0).run();
        assertEquals(1, stalled.pings);

        outbox.offer("a");
        writerTasks.remove(0).run(); // its send never completes
        for (int beat = 0; beat < 5; beat++) {
            outbox.offerPing();
        }
        stalled.completeOne();
        assertEquals(2, stalled.pings, "one heartbeat waited, however many beats passed");
    }

    @Test
    void discardingDropsTheQueueWithoutTouchingTheClosedSocket() {
        FakeTransport transport = new FakeTransport(false);
        Outbox outbox = new Outbox(transport, 100, 1000, new SendBudget(Long.MAX_VALUE), Runnable::run);
        outbox.offer("a");
        outbox.offer("b");
        outbox.discard();
        transport.completeOne();
        assertEquals(List.of("a"), transport.sent);
        assertNull(transport.closeCode);
        assertFalse(outbox.offer("c"));
    }

    @Test
    void closeAfterFlushSendsWhatIsQueuedFirst() {
        FakeTransport transport = new FakeTransport(false);
        Outbox outbox = new Outbox(transport, 100, 1000, new SendBudget(Long.MAX_VALUE), Runnable::run);
        outbox.offer("a");
        outbox.offer("b");
        outbox.closeAfterFlush(1001, "server shutting down");
        assertNull(transport.closeCode);
        assertFalse(outbox.offer("late"), "nothing new after the goodbye");
        transport.completeOne();
        transport.completeOne();
        assertEquals(List.of("a", "b"), transport.sent);
        assertEquals(1001, transport.closeCode);
    }

    /** Completions inline, on other threads, before or after sendText returns: the writer never stalls. */
    @Test
    void theWriterNeverStallsWhateverThreadCompletesTheSend() throws Exception {
        ExecutorService network = Executors.newFixedThreadPool(3);
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Random random = new java.util.Random(42);
        Transport racy = new Transport() {
            @Override
            public void send(List<String> frames, java.util.function.Consumer<Throwable> done) {
                delivered.addAndGet(frames.size());
                if (random.nextBoolean()) {
                    done.accept(null);
                } else {
                    network.execute(() -> done.accept(null));
                }
            }

            @Override
            public int framesPerSend() {
                return 1;
            }

            @Override
            public String wire() {
                return "racy";
            }

            @Override
            public void sendPing() {
            }

            @Override
            public boolean answersPings() {
                return true;
            }

            @Override
            public void close(int code, String reason) {
                throw new AssertionError("closed: " + reason);
            }

            @Override
            public void afterClose(CloseListener listener) {
            }
        };
        Outbox outbox = new Outbox(racy, 1_000_000, Long.MAX_VALUE, new SendBudget(Long.MAX_VALUE), Runnable::run);
        int threads = 8;
        int each = 20_000;
        ExecutorService offerers = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            offerers.submit(() -> {
                for (int i = 0; i < each; i++) {
                    outbox.offer("f");
                }
            });
        }
        offerers.shutdown();
        assertTrue(offerers.awaitTermination(30, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.get() < threads * each && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        network.shutdown();
        assertEquals(threads * each, delivered.get());
        assertEquals(0, outbox.queuedFrames());
    }

    @Test
    void concurrentOfferersNeverSendConcurrentlyAndLoseNothing() throws Exception {
        FakeTransport transport = new FakeTransport(true);
        Outbox outbox = new Outbox(transport, 1_000_000, Long.MAX_VALUE, new SendBudget(Long.MAX_VALUE), Runnable::run);
        int threads = 4;
        int each = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    outbox.offer(thread + ":" + i);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(threads * each, transport.sent.size());
        assertEquals(1, transport.maxConcurrentSends);
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            List<Integer> order = new ArrayList<>();
            transport.sent.stream().filter(s -> s.startsWith(prefix))
                    .forEach(s -> order.add(Integer.parseInt(s.substring(prefix.length()))));
            assertEquals(java.util.stream.IntStream.range(0, each).boxed().toList(), order, "per-thread order");
        }
    }
}
