package io.switchboard.cluster;

import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A topic's feed on a real Hazelcast member: what it reads is prepared while the batch before it is handed on, every
 * item is handed on once and in sequence order, and a fan-out that does not keep up holds the reading back.
 */
class RingbufferFeedTest {

    private static final int ITEMS = 5_000;

    private final HazelcastInstance hazelcast = SingleMember.start();
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final List<Long> handedOn = new CopyOnWriteArrayList<>();
    private RingbufferFeed feed;

    @AfterEach
    void stop() {
        feed.stop();
        workers.shutdownNow();
        hazelcast.shutdown();
    }

    @Test
    void theNextBatchIsPreparedWhileOneIsHandedOnAndEveryItemIsHandedOnOnceInOrder() throws Exception {
        Ringbuffer<String> ringbuffer = filled("overlap");
        CountDownLatch preparedAhead = new CountDownLatch(1);
        AtomicBoolean handingOnFirst = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        feed(ringbuffer, new RingbufferFeed.Sink() {
            @Override
            public Runnable prepare(long sequence, String item) {
                if (handingOnFirst.get()) {
                    overlapped.set(true);
                    preparedAhead.countDown();
                }
                return () -> {
                    if (sequence == 0) {
                        handingOnFirst.set(true);
                        await(preparedAhead); // the first batch's fan-out lasts until the next batch is prepared
                        handingOnFirst.set(false);
                    }
                    handedOn.add(sequence);
                };
            }

            @Override
            public void fellBehind(long first, long last) {
                throw new AssertionError("nothing was dropped");
            }
        });

        awaitHandedOn(ITEMS);
        assertTrue(overlapped.get(), "a batch was prepared while the one before it was handed on");
        assertEquals(IntStream.range(0, ITEMS).asLongStream().boxed().toList(), handedOn);
    }

    @Test
    void aFanOutThatDoesNotKeepUpHoldsTheReadingBack() throws Exception {
        Ringbuffer<String> ringbuffer = filled("behind");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger prepared = new AtomicInteger();
        feed(ringbuffer, new RingbufferFeed.Sink() {
            @Override
            public Runnable prepare(long sequence, String item) {
                prepared.incrementAndGet();
                return () -> {
                    if (sequence == 0) {
                        await(release);
                    }
                    handedOn.add(sequence);
                };
            }

            @Override
            public void fellBehind(long first, long last) {
                throw new AssertionError("nothing was dropped");
            }
        });

        Thread.sleep(500); // time enough to read all five batches, were nothing holding the feed back
        int batch = ITEMS / 5;
        assertEquals(RingbufferFeed.AHEAD * batch, prepared.get(), "read ahead of the stuck fan-out: two batches");
        release.countDown();
        awaitHandedOn(ITEMS);
        assertEquals(IntStream.range(0, ITEMS).asLongStream().boxed().toList(), handedOn);
    }

    /** A ringbuffer of five 1,000-item batches (Hazelcast reads at most 1,000 at once). */
    private Ringbuffer<String> filled(String name) throws Exception {
        hazelcast.getConfig().addRingBufferConfig(new RingbufferConfig(name).setCapacity(ITEMS));
        Ringbuffer<String> ringbuffer = hazelcast.getRingbuffer(name);
        for (int from = 0; from < ITEMS; from += 1_000) { // Hazelcast adds at most 1,000 at once too
            ringbuffer.addAllAsync(IntStream.range(from, from + 1_000).mapToObj(String::valueOf).toList(),
                    OverflowPolicy.FAIL).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return ringbuffer;
    }

    private void feed(Ringbuffer<String> ringbuffer, RingbufferFeed.Sink sink) {
        feed = new RingbufferFeed("test", ringbuffer, 0, sink, workers);
        feed.start();
    }

    private void awaitHandedOn(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (handedOn.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, handedOn.size(), "handed on");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
