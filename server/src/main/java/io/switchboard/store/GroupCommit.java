package io.switchboard.store;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.store.MessageStore.Batch;
import io.switchboard.store.MessageStore.Row;
import io.switchboard.store.MessageStore.Trim;
import io.switchboard.topic.Journal;
import io.switchboard.topic.Numbered;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicOrigin;
import jakarta.json.JsonValue;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The journal of durable topics: publishers append under their topic's lock and return at once; one writer thread
 * takes whatever has queued up meanwhile and commits it in one transaction (group commit). Delivery threads then
 * hand each committed message to the engine and complete its publisher's future, in each topic's order
 * ({@link TopicLanes}), while the writer commits the next batch. The writer does nothing but SQL: each message's
 * data is written as JSON text by its publisher's thread. Trims ride along a bounded slice a commit
 * ({@link TrimBacklog}).
 * <p>
 * What waits (from append to delivery) is bounded by a {@link WaitingRoom}: past it a publish is refused with
 * {@code unavailable} rather than queued. When a commit fails, its messages and everything queued behind them are
 * refused (never acknowledged, never delivered), and publishes are refused until the database answers again; then
 * whatever the failed commit may have left in the database after all is deleted, the engine numbers on from its
 * last committed offsets, and the writer takes appends again.
 */
public final class GroupCommit implements Journal {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(1);

    private sealed interface Op permits Append, TrimOp, Forget, Stop {
    }

    private record Append(Numbered message, Row row, String publisher, long bytes,
                          CompletableFuture<Publication> done) implements Op {

        Publication publication() {
            return message.publication();
        }
    }

    private record TrimOp(Trim trim) implements Op {
    }

    private record Forget(TopicName topic) implements Op {
    }

    private record Stop() implements Op {
    }

    private final MessageStore store;
    private final Function<JsonValue, String> dataText;
    private final Clock clock;
    private final Duration retention;
    private final int batchMessages;
    private final WaitingRoom room;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    /** Committed messages are delivered in each topic's order, topics side by side. */
    private final TopicLanes delivery;
    private final AtomicLong committedMessages = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final Outage outage = new Outage();
    /** The writer's own: trims wait here, and each commit takes a bounded slice. */
    private final TrimBacklog trims = new TrimBacklog();
    private final Thread writer;

    private volatile Listener listener;
    private volatile boolean closing;
    private Instant nextExpiry;

    /**
     * @param dataText      a message's data as the JSON text to store
     * @param retention     the longest any topic keeps a message: older rows are deleted every minute
     * @param batchMessages the most messages one transaction carries
     * @param room          what may wait for the commit and the delivery, for the hub and each publisher
     */
    GroupCommit(MessageStore store, Function<JsonValue, String> dataText, Clock clock, Duration retention,
                int batchMessages, WaitingRoom room) {
        this.store = store;
        this.dataText = dataText;
        this.clock = clock;
        this.retention = retention;
        this.batchMessages = batchMessages;
        this.room = room;
        this.delivery = new TopicLanes(Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.nextExpiry = clock.instant();
        this.writer = new Thread(this::write, "switchboard-store-writer");
        this.writer.setDaemon(true);
    }

    @Override
    public void restore(BiConsumer<TopicName, TopicOrigin.Snapshot> topics) {
        try {
            store.restore(clock.instant().minus(retention), topics);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the stored history: " + e.getMessage(), e);
        }
    }

    @Override
    public void start(Listener engine) {
        this.listener = engine;
        writer.start();
    }

    @Override
    public CompletableFuture<Publication> append(Numbered message, String publisher) {
        if (closing) {
            throw new SwitchboardException(ErrorCode.UNAVAILABLE, "The server is shutting down; try again later");
        }
        if (outage.isOn()) {
            throw new SwitchboardException(ErrorCode.UNAVAILABLE, "The history store is unreachable, so nothing "
                    + "durable can be published; try again later");
        }
        // counted before the data's text is written, which is shorter than the frame that carries it: a refused
        // publish costs no serialization
        long bytes = message.waitingBytes() + message.frame().length();
        if (!room.admit(publisher, bytes)) {
            throw new SwitchboardException(ErrorCode.UNAVAILABLE, "The history store is behind: too many of your "
                    + "messages wait for their commit; try again shortly");
        }
        Publication publication = message.publication();
        CompletableFuture<Publication> done = new CompletableFuture<>();
        queue.add(new Append(message, new Row(publication, dataText.apply(publication.data())), publisher, bytes,
                done));
        return done;
    }

    @Override
    public boolean accepting() {
        return !closing && !outage.isOn();
    }

    @Override
    public void trim(TopicName topic, String epoch, long firstKept) {
        queue.add(new TrimOp(new Trim(topic, epoch, firstKept)));
    }

    @Override
    public void forget(TopicName topic) {
        queue.add(new Forget(topic));
    }

    /** Why publishes to durable topics are refused, if they are. */
    public Optional<String> problem() {
        return outage.problem();
    }

    /** Messages waiting for their commit. */
    public int waiting() {
        return room.messages();
    }

    public long committedMessages() {
        return committedMessages.get();
    }

    public long commits() {
        return commits.get();
    }

    /**
     * Commits what was appended before, until {@code grace} has passed; refuses what is left then, and closes the
     * store.
     */
    public void close(Duration grace) {
        closing = true;
        queue.add(new Stop());
        try {
            writer.join(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
        try {
            writer.join(1000);
            delivery.shutdown(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Op> left = new ArrayList<>();
        queue.drainTo(left);
        refuse(left, "the server stopped before it was committed");
        store.close();
    }

    private void write() {
        List<Op> ops = new ArrayList<>();
        try {
            while (true) {
                // trims left to delete go on in slices while no publish comes
                long wait = trims.isEmpty() || outage.isOn() ? Outage.RETRY_INTERVAL.toMillis() : 0;
                Op first = queue.poll(wait, TimeUnit.MILLISECONDS);
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

    private void commit(List<Op> ops) {
        List<Append> appends = new ArrayList<>();
        List<TopicName> forgotten = new ArrayList<>();
        for (Op op : ops) {
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
        List<Op> stragglers = new ArrayList<>();
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
    private void refuse(List<Op> ops, String why) {
        for (Op op : ops) {
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
