package io.switchboard.store;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.StoreSettings;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.topic.Journal;
import io.switchboard.topic.TopicPolicies;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Optional;

/**
 * Opens the history store with the application, when some topic is durable, and closes it last: what was
 * appended is committed (within the shutdown grace) before the database goes.
 */
@ApplicationScoped
public class Durability {

    /** The store as the nodes of a cluster use it: commits through the journal, each topic's row at once. */
    public record Shared(Journal journal, TopicRecords records) {
    }

    @Inject
    SwitchboardConfig config;
    @Inject
    FrameCodec codec;

    private Database database;
    private volatile GroupCommit journal;

    /** The journal of durable topics, its database opened and migrated, for a node that numbers them itself. */
    public synchronized Journal open() {
        return open(false);
    }

    /**
     * The store for a node of a cluster, which numbers topics in the cluster and commits side by side with the
     * other nodes; only a database they all reach ({@link StoreSettings#shared()}) keeps the cluster's
     * history.
     */
    public synchronized Shared openShared() {
        return new Shared(open(true), new TopicRecords(database.dataSource(), codec, Clock.systemUTC()));
    }

    private GroupCommit open(boolean shared) {
        if (journal == null) {
            StoreSettings store = config.store();
            database = Database.open(store);
            TopicPolicies policies = TopicPolicies.from(config);
            journal = new GroupCommit(
                    new JdbcMessageStore(database.dataSource(), codec, policies.maxHistorySize(), shared),
                    codec::toText, Clock.systemUTC(), policies.maxHistoryTtl(), store.batchMessages(),
                    new WaitingRoom(store.queueMessages(), store.queueBytes()));
        }
        return journal;
    }

    /** Why durable publishes are refused, if they are. */
    public Optional<String> problem() {
        GroupCommit opened = journal;
        return opened == null ? Optional.empty() : opened.problem();
    }

    /** The journal, if durable topics are in use: for metrics. */
    public Optional<GroupCommit> journal() {
        return Optional.ofNullable(journal);
    }

    @PreDestroy
    synchronized void close() {
        if (journal != null) {
            journal.close(config.shutdownGrace());
        }
        if (database != null) {
            database.close();
        }
    }
}
