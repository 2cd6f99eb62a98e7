package io.switchboard.store;

import io.switchboard.topic.TopicName;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks of one topic one after another, in the order given, and tasks of different topics side by side on a
 * few threads: committed messages are delivered in each topic's order, and a flood on some topics delays the
 * others by at most a turn. A lane that has run {@link #TURN} tasks goes to the back of the line. Lanes exist only
 * while they have tasks.
 */
final class TopicLanes {

    static final int TURN = 16;

    private final ExecutorService threads;
    private final Map<TopicName, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();

    TopicLanes(int threadCount) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threadCount, threadCount, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "switchboard-store-delivery-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        this.threads = pool;
    }

    /** Runs {@code task} after every task given before for {@code topic}. */
    void submit(TopicName topic, Runnable task) {
        pending.incrementAndGet();
        Lane[] start = {null};
        lanes.compute(topic, (t, lane) -> {
            Lane current = lane == null ? new Lane(t) : lane;
            current.tasks.add(task);
            if (!current.scheduled) {
                current.scheduled = true;
                start[0] = current;
            }
            return current;
        });
        if (start[0] != null) {
            threads.execute(start[0]);
        }
    }

    /** Waits until every task given so far has run. */
    void awaitIdle() throws InterruptedException {
        awaitIdle(Long.MAX_VALUE);
    }

    /** Lets the tasks given so far run, for at most {@code millis}; takes no more. */
    void shutdown(long millis) throws InterruptedException {
        awaitIdle(millis);
        threads.shutdown();
    }

    private void awaitIdle(long millis) throws InterruptedException {
        long start = System.nanoTime();
        long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        while (pending.get() > 0 && System.nanoTime() - start < nanos) {
            Thread.sleep(1);
        }
    }

    /** One topic's tasks; its fields are guarded by the map's lock on its key ({@code compute}). */
    private final class Lane implements Runnable {

        private final TopicName topic;
        private final Queue<Runnable> tasks = new ArrayDeque<>();
        private boolean scheduled;

        Lane(TopicName topic) {
            this.topic = topic;
        }

        @Override
        public void run() {
            for (int ran = 0; ran < TURN; ran++) {
                Runnable next = take();
                if (next == null) {
                    return;
                }
                try {
                    next.run();
                } finally {
                    pending.decrementAndGet();
                }
            }
            try {
                threads.execute(this); // to the back of the line; still scheduled
            } catch (RejectedExecutionException shutDown) {
                // the journal closed: what is left was refused by it
            }
        }

        /** The next task, or null after the lane was removed for want of one. */
        private Runnable take() {
            Runnable[] next = {null};
            lanes.computeIfPresent(topic, (t, lane) -> {
                next[0] = lane.tasks.poll();
                if (next[0] == null) {
                    lane.scheduled = false;
                    return null;
                }
                return lane;
            });
            return next[0];
        }
    }
}
