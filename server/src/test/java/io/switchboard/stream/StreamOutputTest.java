package io.switchboard.stream;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamOutputTest {

    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final StreamOutput output = new StreamOutput(failures::add);

    @Test
    void whatIsWrittenBeforeTheResponseIsAttachedWaitsForItThenLeavesInOrderAndFlushed() {
        Done first = new Done();
        output.write(bytes("a"), first);
        output.write(bytes("b"), new Done());
        assertFalse(first.told(), "nothing to write to yet");
        FakeServletOutput stream = new FakeServletOutput();
        output.attach(stream);
        assertEquals("ab", stream.written());
        assertNull(first.failure);
        assertEquals(1, stream.flushes, "one flush once the queue is empty");
    }

    @Test
    void aClientThatDoesNotReadHoldsNoThreadAndTheContainerResumesTheWriting() {
        FakeServletOutput stream = new FakeServletOutput();
        output.attach(stream);
        stream.takes = 1; // the client reads one chunk, then no more
        Done first = new Done();
        Done second = new Done();
        output.write(bytes("a"), first);
        output.write(bytes("b"), second);
        assertTrue(first.told(), "the first chunk went into the container's buffer");
        assertFalse(second.told(), "the second waits, and write() returned: no thread waits with it");
        assertFalse(output.idle());
        stream.takes = Integer.MAX_VALUE;
        output.onWritePossible(); // the container, once the client has read
        assertTrue(second.told());
        assertEquals("ab", stream.written());
        assertTrue(output.idle());
        assertTrue(stream.flushes >= 1);
    }

    @Test
    void aFailedClientFailsWhatWaitsAndEveryLaterWriteAtOnceAndIsReportedOnce() {
        FakeServletOutput stream = new FakeServletOutput();
        output.attach(stream);
        stream.takes = 0;
        Done waiting = new Done();
        output.write(bytes("a"), waiting);
        IOException gone = new IOException("connection reset");
        output.onError(gone);
        output.onError(new IOException("again"));
        assertSame(gone, waiting.failure);
        Done later = new Done();
        output.write(bytes("b"), later);
        assertSame(gone, later.failure);
        assertEquals(List.of(gone), failures);
        assertFalse(output.idle());
    }

    @Test
    void aWriteThatThrowsFailsTheStream() {
        FakeServletOutput stream = new FakeServletOutput();
        stream.broken = true;
        output.attach(stream);
        Done done = new Done();
        output.write(bytes("a"), done);
        assertInstanceOf(IOException.class, done.failure);
        assertEquals(1, failures.size());
    }

    @Test
    void theContainerTakesTheResponseBackOnlyOnceAWriteUnderWayHasReturnedAndNoWriteStartsAfter() throws Exception {
        FakeServletOutput stream = new FakeServletOutput();
        output.attach(stream);
        stream.holdWrites = new CountDownLatch(1);
        Done underWay = new Done();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> output.write(bytes("a"), underWay));
        assertTrue(stream.writing.await(5, TimeUnit.SECONDS));
        // the container reports the client gone; when its callback returns, it recycles the response
        CompletableFuture<Void> released = CompletableFuture.runAsync(() -> output.release(new IOException("reset")));
        Thread.sleep(200); // time for release() to return wrongly
        assertFalse(released.isDone(), "a write is under way on the response the container would recycle");
        stream.holdWrites.countDown();
        released.get(5, TimeUnit.SECONDS);
        writer.get(5, TimeUnit.SECONDS);
        output.write(bytes("b"), new Done());
        output.onWritePossible();
        assertEquals("a", stream.written(), "nothing is written once the container has the response back");
        assertEquals(1, failures.size());
    }

    @Test
    void theContainerMayReportTheEndOnTwoThreadsAndNeitherWaits() throws Exception {
        output.attach(new FakeServletOutput());
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(StreamOutput.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            output.release(new IOException("reset")); // the write listener's error, on one container thread
            CompletableFuture.runAsync(() -> output.release(new IOException("completed"))).get(5, TimeUnit.SECONDS);
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(List.of(), warnings, "the second release waited for a writer role the first holds for good");
        assertEquals(1, failures.size());
    }

    @Test
    void writersOnManyThreadsNeverWriteAtOnceAndEachOnesChunksKeepTheirOrder() throws Exception {
        FakeServletOutput stream = new FakeServletOutput();
        output.attach(stream);
        stream.takes = 3;
        int threads = 4;
        int chunks = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch writers = new CountDownLatch(threads);
        AtomicInteger told = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            char name = (char) ('a' + t);
            pool.execute(() -> {
                for (int i = 0; i < chunks; i++) {
                    output.write(bytes(name + "" + i + ";"), failure -> told.incrementAndGet());
                }
                writers.countDown();
            });
        }
        pool.execute(() -> { // the container, calling back whenever the client has read
            while (writers.getCount() > 0 || !output.idle()) {
                stream.takes = 3;
                output.onWritePossible();
            }
        });
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(threads * chunks, told.get());
        assertEquals(1, stream.mostAtOnce, "one writer at a time");
        for (int t = 0; t < threads; t++) {
            String name = String.valueOf((char) ('a' + t));
            List<Integer> order = new ArrayList<>();
            for (String chunk : stream.written().split(";")) {
                if (chunk.startsWith(name)) {
                    order.add(Integer.parseInt(chunk.substring(1)));
                }
            }
            assertEquals(java.util.stream.IntStream.range(0, chunks).boxed().toList(), order, name);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final class Done implements Consumer<Throwable> {
        private volatile boolean told;
        private volatile Throwable failure;

        @Override
        public void accept(Throwable failure) {
            this.failure = failure;
            told = true;
        }

        boolean told() {
            return told;
        }
    }
}
