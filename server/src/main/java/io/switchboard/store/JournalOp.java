package io.switchboard.store;

import io.switchboard.store.MessageStore.Row;
import io.switchboard.store.MessageStore.Trim;
import io.switchboard.topic.Numbered;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;

import java.util.concurrent.CompletableFuture;

/** What {@link GroupCommit} queues for its writer ({@link CommitWriter}), in the order it was asked. */
sealed interface JournalOp {

    /** A durable message to commit; {@code done} completes once it is delivered, or fails if it is refused. */
    record Append(Numbered message, Row row, String publisher, long bytes,
                  CompletableFuture<Publication> done) implements JournalOp {

        Publication publication() {
            return message.publication();
        }
    }

    record TrimOp(Trim trim) implements JournalOp {
    }

    record Forget(TopicName topic) implements JournalOp {
    }

    record Stop() implements JournalOp {
    }
}
