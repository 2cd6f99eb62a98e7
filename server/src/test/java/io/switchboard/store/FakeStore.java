package io.switchboard.store;

import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicOrigin;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** A database that records what it is asked to do, and can be held up or taken down. */
final class FakeStore implements MessageStore {

    final List<Batch> committed = new CopyOnWriteArrayList<>();
    final List<List<Trim>> discarded = new CopyOnWriteArrayList<>();
    /** Every call of {@link #discard}, the failed ones too: the journal's tries to recover. */
    final AtomicInteger discardTries = new AtomicInteger();
    final List<Instant> expired = new CopyOnWriteArrayList<>();
    volatile boolean down;
    volatile boolean closed;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private final CountDownLatch entered = new CountDownLatch(1);

    /** The next commits wait until {@link #release} (the first of them counts down {@link #awaitHeld}). */
    void holdCommits() {
        hold = new CountDownLatch(1);
    }

    void awaitHeld() throws InterruptedException {
        if (!entered.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("no commit began");
        }
    }

    void release() {
        hold.countDown();
    }

    @Override
    public void commit(Batch batch) throws SQLException {
        entered.countDown();
        try {
            hold.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failIfDown();
        committed.add(batch);
    }

    @Override
    public void discard(List<Trim> fromOffsets) throws SQLException {
        discardTries.incrementAndGet();
        failIfDown();
        discarded.add(List.copyOf(fromOffsets));
    }

    @Override
    public void expire(Instant cutoff) throws SQLException {
        failIfDown();
        expired.add(cutoff);
    }

    @Override
    public void restore(Instant cutoff, BiConsumer<TopicName, TopicOrigin.Snapshot> topics) {
    }

    @Override
    public void close() {
        closed = true;
    }

    private void failIfDown() throws SQLException {
        if (down) {
            throw new SQLTransientConnectionException("connection refused");
        }
    }
}
