package io.switchboard.store;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicOrigin;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Each durable topic's row, for the nodes of a cluster that share one database: read when the cluster takes up a
 * topic it does not number yet (after every node restarted, say), written when it numbers a new one, deleted
 * when it forgets one. Unlike commits these run at once, on the caller's thread, while the caller holds the
 * topic's cluster-wide lock: no two nodes claim one topic at the same time.
 */
public final class TopicRecords {

    private static final Logger LOG = Logger.getLogger(TopicRecords.class.getName());
    private static final String FIND_TOPIC = "SELECT epoch, last_offset FROM switchboard_topic WHERE name = ?";
    private static final String NEWEST_MESSAGES = "SELECT message_offset, published_at, data FROM switchboard_message"
            + " WHERE topic = ? AND epoch = ? AND message_offset <= ? AND message_offset > ?"
            + " ORDER BY message_offset DESC";
    private static final String CREATE_TOPIC = "INSERT INTO switchboard_topic (name, epoch, last_offset, updated_at)"
            + " VALUES (?, ?, 0, ?)";

    private final DataSource dataSource;
    private final FrameCodec codec;
    private final Clock clock;

    TopicRecords(DataSource dataSource, FrameCodec codec, Clock clock) {
        this.dataSource = dataSource;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * The stored topic: its epoch, last offset and the messages it retains among its newest {@code keep}
     * offsets, back to the first published before {@code cutoff}, oldest first. An offset missing among them
     * is a message a node numbered but did not commit before it died, so one nobody was told was accepted: the
     * messages on either side of it were, and both come back. A topic the database does not know is recorded
     * with the epoch {@code fresh}, at offset 0.
     *
     * @throws SwitchboardException {@code unavailable} when the database does not answer
     */
    public TopicOrigin.Snapshot claim(TopicName topic, String fresh, int keep, Instant cutoff) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                TopicOrigin.Snapshot claimed = claim(c, topic, fresh, keep, cutoff);
                c.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                // the claim's own failure is what the caller must see, even where the rollback fails too
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    /** Deletes the topic and its messages; it will be numbered afresh. */
    public void forget(TopicName topic) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (String sql : List.of(JdbcMessageStore.FORGET_MESSAGES, JdbcMessageStore.FORGET_TOPIC)) {
                try (PreparedStatement delete = c.prepareStatement(sql)) {
                    delete.setString(1, topic.value());
                    delete.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    private TopicOrigin.Snapshot claim(Connection c, TopicName topic, String fresh, int keep, Instant cutoff)
            throws SQLException {
        try (PreparedStatement find = c.prepareStatement(FIND_TOPIC)) {
            find.setString(1, topic.value());
            try (ResultSet row = find.executeQuery()) {
                if (row.next()) {
                    String epoch = row.getString(1);
                    long last = row.getLong(2);
                    return new TopicOrigin.Snapshot(epoch, last, newest(c, topic, epoch, last, keep, cutoff));
                }
            }
        }
        try (PreparedStatement create = c.prepareStatement(CREATE_TOPIC)) {
            create.setString(1, topic.value());
            create.setString(2, fresh);
            create.setLong(3, clock.millis());
            create.executeUpdate();
        }
        return new TopicOrigin.Snapshot(fresh, 0, List.of());
    }

    private List<Publication> newest(Connection c, TopicName topic, String epoch, long last, int keep,
                                     Instant cutoff) throws SQLException {
        List<Publication> newestFirst = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(NEWEST_MESSAGES)) {
            select.setString(1, topic.value());
            select.setString(2, epoch);
            select.setLong(3, last);
            select.setLong(4, last - keep);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next() && rows.getLong(2) >= cutoff.toEpochMilli()) {
                    newestFirst.add(new Publication(topic, rows.getLong(1), epoch,
                            Instant.ofEpochMilli(rows.getLong(2)), codec.parseValue(rows.getString(3))));
                }
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static SwitchboardException unreachable(SQLException e) {
        LOG.log(Level.WARNING, "The history store did not answer for a topic's record", e);
        return new SwitchboardException(ErrorCode.UNAVAILABLE, "The history store is unreachable, so this durable "
                + "topic cannot be taken up; try again later");
    }
}
