package io.switchboard.store;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicOrigin;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The SQL of durable history, in statements every database that Flyway migrates runs the same way (H2 and
 * PostgreSQL are tested). The writer keeps one connection, opened again after a failure.
 */
final class JdbcMessageStore implements MessageStore {

    private static final String INSERT_MESSAGE = "INSERT INTO switchboard_message"
            + " (topic, epoch, message_offset, published_at, data) VALUES (?, ?, ?, ?, ?)";
    private static final String UPDATE_TOPIC = "UPDATE switchboard_topic SET epoch = ?, last_offset = ?,"
            + " updated_at = ? WHERE name = ?";
    private static final String INSERT_TOPIC = "INSERT INTO switchboard_topic (name, epoch, last_offset, updated_at)"
            + " VALUES (?, ?, ?, ?)";
    /** Nodes of a cluster commit side by side, not in offset order: the topic row is created when it is claimed. */
    private static final String ADVANCE_TOPIC = "UPDATE switchboard_topic SET last_offset = GREATEST(last_offset, ?),"
            + " updated_at = ? WHERE name = ? AND epoch = ?";
    private static final String PROBE = "SELECT 1";
    private static final String TRIM = "DELETE FROM switchboard_message"
            + " WHERE topic = ? AND epoch = ? AND message_offset < ?";
    private static final String DISCARD_MESSAGES = "DELETE FROM switchboard_message"
            + " WHERE topic = ? AND epoch = ? AND message_offset >= ?";
    private static final String DISCARD_OFFSET = "UPDATE switchboard_topic SET last_offset = ?"
            + " WHERE name = ? AND epoch = ? AND last_offset >= ?";
    static final String FORGET_MESSAGES = "DELETE FROM switchboard_message WHERE topic = ?";
    static final String FORGET_TOPIC = "DELETE FROM switchboard_topic WHERE name = ?";
    private static final String EXPIRE_MESSAGES = "DELETE FROM switchboard_message WHERE published_at < ?";
    private static final String EXPIRE_TOPICS = "DELETE FROM switchboard_topic WHERE updated_at < ? AND NOT EXISTS"
            + " (SELECT 1 FROM switchboard_message m WHERE m.topic = switchboard_topic.name)";
    private static final String RESTORE = "SELECT t.name, t.epoch, t.last_offset, m.message_offset,"
            + " m.published_at, m.data FROM switchboard_topic t LEFT JOIN switchboard_message m"
            + " ON m.topic = t.name AND m.epoch = t.epoch AND m.published_at >= ?"
            + " ORDER BY t.name, m.message_offset";
    private static final int RESTORE_FETCH_ROWS = 1000;

    private final DataSource dataSource;
    private final FrameCodec codec;
    private final int keepPerTopic;
    private final boolean shared;
    private Connection connection;

    /**
     * @param keepPerTopic the most messages a restore hands over per topic, the newest: however many rows a topic
     *                     has (say, from before {@code history-size} was lowered), a start reads no more
     * @param shared       whether the nodes of a cluster write here side by side ({@link TopicRecords}): then
     *                     topics are created and forgotten by whoever claims them, commits only advance a topic,
     *                     and a failed commit's messages are kept if they made it after all (the cluster has them)
     */
    JdbcMessageStore(DataSource dataSource, FrameCodec codec, int keepPerTopic, boolean shared) {
        this.dataSource = dataSource;
        this.codec = codec;
        this.keepPerTopic = keepPerTopic;
        this.shared = shared;
    }

    @Override
    public void commit(Batch batch) throws SQLException {
        inTransaction(c -> {
            forget(c, batch.forgotten());
            insert(c, batch.messages());
            delete(c, TRIM, batch.trims());
        });
    }

    @Override
    public void discard(List<Trim> fromOffsets) throws SQLException {
        if (shared) {
            inTransaction(c -> {
                try (PreparedStatement probe = c.prepareStatement(PROBE)) {
                    probe.executeQuery().close();
                }
            });
            return;
        }
        inTransaction(c -> {
            delete(c, DISCARD_MESSAGES, fromOffsets);
            try (PreparedStatement update = c.prepareStatement(DISCARD_OFFSET)) {
                for (Trim from : fromOffsets) {
                    update.setLong(1, from.offset() - 1);
                    update.setString(2, from.topic().value());
                    update.setString(3, from.epoch());
                    update.setLong(4, from.offset());
                    update.addBatch();
                }
                update.executeBatch();
            }
        });
    }

    @Override
    public void expire(Instant cutoff) throws SQLException {
        inTransaction(c -> {
            // in a cluster a topic row lives as long as the cluster numbers the topic, expired messages or not
            for (String sql : shared ? List.of(EXPIRE_MESSAGES) : List.of(EXPIRE_MESSAGES, EXPIRE_TOPICS)) {
                try (PreparedStatement delete = c.prepareStatement(sql)) {
                    delete.setLong(1, cutoff.toEpochMilli());
                    delete.executeUpdate();
                }
            }
        });
    }

    @Override
    public void restore(Instant cutoff, BiConsumer<TopicName, TopicOrigin.Snapshot> topics) throws SQLException {
        inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(RESTORE)) {
                select.setFetchSize(RESTORE_FETCH_ROWS);
                select.setLong(1, cutoff.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    readTopics(rows, topics);
                }
            }
        });
    }

    private void readTopics(ResultSet rows, BiConsumer<TopicName, TopicOrigin.Snapshot> topics) throws SQLException {
        TopicName topic = null;
        String epoch = null;
        long lastOffset = 0;
        ArrayDeque<Publication> retained = new ArrayDeque<>();
        while (rows.next()) {
            TopicName name = TopicName.of(rows.getString(1));
            if (!name.equals(topic)) {
                if (topic != null) {
                    topics.accept(topic, new TopicOrigin.Snapshot(epoch, lastOffset, List.copyOf(retained)));
                }
                topic = name;
                epoch = rows.getString(2);
                lastOffset = rows.getLong(3);
                retained = new ArrayDeque<>();
            }
            long offset = rows.getLong(4);
            if (!rows.wasNull() && offset <= lastOffset) {
                if (retained.size() == keepPerTopic) {
                    retained.removeFirst();
                }
                retained.addLast(new Publication(topic, offset, epoch, Instant.ofEpochMilli(rows.getLong(5)),
                        codec.parseValue(rows.getString(6))));
            }
        }
        if (topic != null) {
            topics.accept(topic, new TopicOrigin.Snapshot(epoch, lastOffset, List.copyOf(retained)));
        }
    }

    @Override
    public void close() {
        closeConnection();
    }

    private void insert(Connection c, List<Row> messages) throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        Map<TopicName, Publication> lastOfTopic = new LinkedHashMap<>();
        try (PreparedStatement insert = c.prepareStatement(INSERT_MESSAGE)) {
            for (Row row : messages) {
                Publication p = row.publication();
                insert.setString(1, p.topic().value());
                insert.setString(2, p.epoch());
                insert.setLong(3, p.offset());
                insert.setLong(4, p.time().toEpochMilli());
                insert.setString(5, row.data());
                insert.addBatch();
                lastOfTopic.merge(p.topic(), p, (kept, next) -> next.offset() > kept.offset() ? next : kept);
            }
            insert.executeBatch();
        }
        if (shared) {
            advanceTopics(c, lastOfTopic.values());
        } else {
            upsertTopics(c, new ArrayList<>(lastOfTopic.values()));
        }
    }

    /** A topic of an epoch the cluster forgot meanwhile advances nothing; its rows expire. */
    private static void advanceTopics(Connection c, java.util.Collection<Publication> lasts) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(ADVANCE_TOPIC)) {
            for (Publication p : lasts) {
                update.setLong(1, p.offset());
                update.setLong(2, p.time().toEpochMilli());
                update.setString(3, p.topic().value());
                update.setString(4, p.epoch());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** One writer per database, so an update that found no row can insert it without a race. */
    private static void upsertTopics(Connection c, List<Publication> lasts) throws SQLException {
        int[] updated;
        try (PreparedStatement update = c.prepareStatement(UPDATE_TOPIC)) {
            for (Publication p : lasts) {
                update.setString(1, p.epoch());
                update.setLong(2, p.offset());
                update.setLong(3, p.time().toEpochMilli());
                update.setString(4, p.topic().value());
                update.addBatch();
            }
            updated = update.executeBatch();
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_TOPIC)) {
            boolean any = false;
            for (int i = 0; i < lasts.size(); i++) {
                if (updated[i] == 0) {
                    Publication p = lasts.get(i);
                    insert.setString(1, p.topic().value());
                    insert.setString(2, p.epoch());
                    insert.setLong(3, p.offset());
                    insert.setLong(4, p.time().toEpochMilli());
                    insert.addBatch();
                    any = true;
                }
            }
            if (any) {
                insert.executeBatch();
            }
        }
    }

    private static void delete(Connection c, String sql, List<Trim> trims) throws SQLException {
        if (trims.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = c.prepareStatement(sql)) {
            for (Trim trim : trims) {
                delete.setString(1, trim.topic().value());
                delete.setString(2, trim.epoch());
                delete.setLong(3, trim.offset());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    private static void forget(Connection c, List<TopicName> topics) throws SQLException {
        if (topics.isEmpty()) {
            return;
        }
        for (String sql : List.of(FORGET_MESSAGES, FORGET_TOPIC)) {
            try (PreparedStatement delete = c.prepareStatement(sql)) {
                for (TopicName topic : topics) {
                    delete.setString(1, topic.value());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
    }

    private interface Work {
        void run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction; after any failure the connection is dropped, and opened anew next time. */
    private void inTransaction(Work work) throws SQLException {
        Connection c = connection();
        try {
            work.run(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                e.addSuppressed(ignored);
            }
            closeConnection();
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = dataSource.getConnection();
            opened.setAutoCommit(false);
            connection = opened;
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is broken already
            }
            connection = null;
        }
    }
}
