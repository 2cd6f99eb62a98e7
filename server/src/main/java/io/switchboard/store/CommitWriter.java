package io.switchboard.store;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.store.JournalOp.Append;
import io.switchboard.store.JournalOp.Forget;
import io.switchboard.store.JournalOp.Stop;
import io.switchboard.store.JournalOp.TrimOp;
import io.switchboard.store.MessageStore.Batch;
import io.switchboard.topic.Journal;
import io.switchboard.topic.TopicName;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link GroupCommit}'s one writer thread: it takes whatever has queued up since its last commit and commits it in
 * one transaction, hands the committed messages to the delivery lanes ({@link TopicLanes}), and carries the
 * failures: when a commit fails, its messages and everything queued behind them are refused, and once the
 * database answers again whatever the failed commit may have left there is deleted, the engine numbers on from
 * its last committed offsets, and appends are taken again. Trims ride along a bounded slice a commit
 * ({@link TrimBacklog}); expired rows are deleted once a minute.
 */
final class CommitWriter {

    private static final Logger LOG = Logger.getLogger(CommitWriter.class.getName());
    private static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(1);

    private final MessageStore store;
    private final Clock clock;
    private final Duration retention;
    private final int batchMessages;
    private final WaitingRoom room;
    private final BlockingQueue<JournalOp> queue;
    /** Committed messages are delivered in each topic's order, topics side by side. */
    private final TopicLanes delivery;
    private final AtomicLong committedMessages = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final Outage outage = new Outage();
    /** The writer's own: trims wait here, and each commit takes a bounded slice. */
    private final TrimBacklog trims = new TrimBacklog();
    private final Thread thread;

    private volatile Journal.Listener listener;
    private Instant nextExpiry;

    CommitWriter(MessageStore store, Clock clock, Duration retention, int batchMessages, WaitingRoom room,
                 BlockingQueue<JournalOp> queue) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.batchMessages = batchMessages;
        this.room = room;
        this.queue = queue;
        this.delivery = new TopicLanes(Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.nextExpiry = clock.instant();
        this.thread = new Thread(this::write, "switchboard-store-writer");
        this.thread.setDaemon(true);
    }

    void start(Journal.Listener engine) {
        this.listener = engine;
        thread.start();
    }

    Outage outage() {
        return outage;
    }

    long committedMessages() {
        return committedMessages.get();
    }

    long commits() {
        return commits.get();
    }

    /**
     * Lets the writer commit what was queued before {@link Stop} for at most {@code grace}, then stops it and the
     * deliveries, and refuses what is left.
     */
    void stop(Duration grace) {
        try {
            thread.join(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        try {
            thread.join(1000);
            delivery.shutdown(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<JournalOp> left = new ArrayList<>();
        queue.drainTo(left);
        refuse(left, "the server stopped before it was committed");
    }

    private void write() {
        List<JournalOp> ops = new ArrayList<>();
        try {
            while (true) {
                // trims left to delete go on in slices while no publish comes
                long wait = trims.isEmpty() || outage.isOn() ? Outage.RETRY_INTERVAL.toMillis() : 0;
                JournalOp first = queue.poll(wait, TimeUnit.MILLISECONDS);
                ops.clear();
                if (first != null) {
                    ops.add(first);
                    queue.drainTo(ops, batchMessages - 1);
                }
                boolean stop = ops.removeIf(op -> op instanceof Stop);
                if (outage.isOn()) {
                    refuse(ops, "the history store is unreachable");
                    tryToRecover();
                } else {
                    commit(ops);
                    expireNowAndThen();
                }
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private void commit(List<JournalOp> ops) {
        List<Append> appends = new ArrayList<>();
        List<TopicName> forgotten = new ArrayList<>();
        for (JournalOp op : ops) {
            if (op instanceof Append append) {
                appends.add(append);
            } else if (op instanceof TrimOp trim) {
                trims.add(trim.trim());
            } else if (op instanceof Forget forget) {
                trims.forget(forget.topic());
                forgotten.add(forget.topic());
            }
        }
        commit(new Batch(appends.stream().map(Append::row).toList(), trims.take(), forgotten), appends);
    }

    private void commit(Batch batch, List<Append> appends) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.commit(batch);
        } catch (SQLException | RuntimeException | Error e) {
            // an Error too (out of memory, say): the writer goes on, and the outage shows in /health
            failed(e, batch, appends);
            return;
        }
        trims.committed(batch.trims());
        commits.incrementAndGet();
        committedMessages.addAndGet(appends.size());
        for (Append append : appends) {
            delivery.submit(append.publication().topic(), () -> deliver(append));
        }
    }

    private void deliver(Append append) {
        try {
            listener.committed(append.message());
        } catch (RuntimeException | Error e) {
            // committed all the same: the publisher gets its ack, and the waiting room its space back
            LOG.log(Level.SEVERE, "Failed to deliver a committed message of " + append.publication().topic(), e);
        }
        release(append);
        append.done().complete(append.publication());
    }

    private void failed(Throwable e, Batch batch, List<Append> appends) {
        outage.failed(e, clock.instant());
        LOG.log(Level.SEVERE, "The history store failed a commit: " + appends.size() + " messages are refused, and "
                + "publishes to durable topics are refused until it answers again", e);
        for (Append append : appends) {
            outage.uncertain(append.publication());
            refuse(append, "the history store failed to commit it");
        }
        batch.trims().forEach(outage::defer);
        batch.forgotten().forEach(outage::defer);
    }

    /**
     * Once the database answers: delete what the failed commits may have written, let the engine number on from
     * what was committed, refuse what was appended meanwhile, redo the maintenance, and take appends again.
     */
    private void tryToRecover() {
        if (!outage.dueForRetry(clock.instant())) {
            return;
        }
        try {
            store.discard(outage.uncertain());
        } catch (SQLException | RuntimeException e) {
            outage.failed(e, clock.instant());
            return;
        }
        // after every committed message is delivered: only then are the engine's last offsets the committed ones
        try {
            delivery.awaitIdle();
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return;
        }
        listener.rewind();
        // Appends that raced the failure were numbered before the rewind; none is left behind it.
        List<JournalOp> stragglers = new ArrayList<>();
        queue.drainTo(stragglers);
        boolean stop = stragglers.removeIf(op -> op instanceof Stop);
        refuse(stragglers, "the history store was unreachable");
        Batch maintenance = outage.end();
        LOG.info("The history store answers again: publishes to durable topics are accepted");
        commit(maintenance, List.of());
        if (stop) {
            queue.add(new Stop());
        }
    }

    private void expireNowAndThen() {
        Instant now = clock.instant();
        if (now.isBefore(nextExpiry)) {
            return;
        }
        nextExpiry = now.plus(EXPIRY_INTERVAL);
        try {
            store.expire(now.minus(retention));
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not delete expired history; trying again in a minute", e);
        }
    }

    /** Fails the appends among {@code ops}; keeps the maintenance for when the database answers again. */
    private void refuse(List<JournalOp> ops, String why) {
        for (JournalOp op : ops) {
            if (op instanceof Append append) {
                refuse(append, why);
            } else if (op instanceof TrimOp trim) {
                outage.defer(trim.trim());
            } else if (op instanceof Forget forget) {
                // the backlog's trims and where they ended go with the topic, as in a commit
                trims.forget(forget.topic());
                outage.defer(forget.topic());
            }
        }
    }

    private void refuse(Append append, String why) {
        release(append);
        append.done().completeExceptionally(new SwitchboardException(ErrorCode.UNAVAILABLE,
                "Not published: " + why + "; try again later"));
    }

    private void release(Append append) {
        room.release(append.publisher(), append.bytes());
    }
}
