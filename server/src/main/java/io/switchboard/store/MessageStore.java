package io.switchboard.store;

import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicOrigin;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/** What {@link GroupCommit} needs of a database; every method runs on the one writer thread, or before it starts. */
interface MessageStore extends AutoCloseable {

    /** Commits one batch in one transaction: nothing of it is kept if this throws. */
    void commit(Batch batch) throws SQLException;

    /**
     * Deletes what a failed commit may have left after all (its outcome unknown): the messages of each topic's
     * epoch from the given offset on. Also the proof that the database answers again.
     */
    void discard(List<Trim> fromOffsets) throws SQLException;

    /** Deletes messages published before {@code cutoff}, and topics that have kept nothing since. */
    void expire(Instant cutoff) throws SQLException;

    /** Each stored topic, with the messages it kept that were published at or after {@code cutoff}. */
    void restore(Instant cutoff, BiConsumer<TopicName, TopicOrigin.Snapshot> topics) throws SQLException;

    @Override
    void close();

    /**
     * What one transaction writes, in this order: forgotten topics, messages (each topic's in offset order), trims.
     */
    record Batch(List<Row> messages, List<Trim> trims, List<TopicName> forgotten) {

        boolean isEmpty() {
            return messages.isEmpty() && trims.isEmpty() && forgotten.isEmpty();
        }
    }

    /** A message with its data as JSON text, written by the publisher's thread rather than the writer's. */
    record Row(Publication publication, String data) {
    }

    /** The messages of a topic's epoch before (a trim) or from (a discard) {@code offset}. */
    record Trim(TopicName topic, String epoch, long offset) {
    }
}
