package io.switchboard.store;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.store.JournalOp.Append;
import io.switchboard.store.JournalOp.Forget;
import io.switchboard.store.JournalOp.Stop;
import io.switchboard.store.JournalOp.TrimOp;
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
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The journal of durable topics: publishers append under their topic's lock and return at once; one writer thread
 * ({@link CommitWriter}) takes whatever has queued up meanwhile and commits it in one transaction (group commit).
 * Delivery threads then hand each committed message to the engine and complete its publisher's future, in each
 * topic's order ({@link TopicLanes}), while the writer commits the next batch. The writer does nothing but SQL:
 * each message's data is written as JSON text by its publisher's thread. Trims ride along a bounded slice a commit
 * ({@link TrimBacklog}).
 * <p>
 * What waits (from append to delivery) is bounded by a {@link WaitingRoom}: past it a publish is refused with
 * {@code unavailable} rather than queued. When a commit fails, its messages and everything queued behind them are
 * refused (never acknowledged, never delivered), and publishes are refused until the database answers again; then
 * whatever the failed commit may have left in the database after all is deleted, the engine numbers on from its
 * last committed offsets, and the writer takes appends again.
 */
public final class GroupCommit implements Journal {

    private final MessageStore store;
    private final Function<JsonValue, String> dataText;
    private final Clock clock;
    private final Duration retention;
    private final WaitingRoom room;
    private final BlockingQueue<JournalOp> queue = new LinkedBlockingQueue<>();
    private final CommitWriter writer;

    private volatile boolean closing;

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
        this.room = room;
        this.writer = new CommitWriter(store, clock, retention, batchMessages, room, queue);
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
        writer.start(engine);
    }

    @Override
    public CompletableFuture<Publication> append(Numbered message, String publisher) {
        if (closing) {
            throw new SwitchboardException(ErrorCode.UNAVAILABLE, "The server is shutting down; try again later");
        }
        if (writer.outage().isOn()) {
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
        return !closing && !writer.outage().isOn();
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
        return writer.outage().problem();
    }

    /** Messages waiting for their commit. */
    public int waiting() {
        return room.messages();
    }

    public long committedMessages() {
        return writer.committedMessages();
    }

    public long commits() {
        return writer.commits();
    }

    /**
     * Commits what was appended before, until {@code grace} has passed; refuses what is left then, and closes the
     * store.
     */
    public void close(Duration grace) {
        closing = true;
        queue.add(new Stop());
        writer.stop(grace);
        store.close();
    }
}
