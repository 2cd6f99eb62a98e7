package io.switchboard.store;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.StoreSettings;
import io.switchboard.store.MessageStore.Batch;
import io.switchboard.store.MessageStore.Trim;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicOrigin.Snapshot;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every database under {@link JdbcMessageStore} must do alike; one subclass per database. */
abstract class MessageStoreContract {

    static final TopicName ORDERS = TopicName.of("orders.eu");
    static final TopicName PRICES = TopicName.of("prices");
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static final int KEEP_PER_TOPIC = 5;

    private final FrameCodec codec = new FrameCodec();
    private Database database;
    private JdbcMessageStore store;

    /** The settings of a fresh, empty database. */
    abstract StoreSettings settings() throws Exception;

    @BeforeEach
    void open() throws Exception {
        open(settings());
    }

    private void open(StoreSettings settings) {
        database = Database.open(settings);
        store = new JdbcMessageStore(database.dataSource(), codec, KEEP_PER_TOPIC, false);
    }

    @AfterEach
    void close() {
        store.close();
        database.close();
    }

    static Publication message(TopicName topic, String epoch, long offset, Instant time) {
        return new Publication(topic, offset, epoch, time, Json.createObjectBuilder().add("n", offset).build());
    }

    private Batch messages(Publication... messages) {
        return new Batch(rows(messages), List.of(), List.of());
    }

    private List<MessageStore.Row> rows(Publication... messages) {
        return java.util.Arrays.stream(messages).map(p -> new MessageStore.Row(p, codec.toText(p.data()))).toList();
    }

    private Map<TopicName, Snapshot> restore(Instant cutoff) throws SQLException {
        Map<TopicName, Snapshot> topics = new LinkedHashMap<>();
        store.restore(cutoff, topics::put);
        return topics;
    }

    private static List<Long> offsets(Snapshot snapshot) {
        return snapshot.retained().stream().map(Publication::offset).toList();
    }

    @Test
    void committedTopicsComeBackWithTheirEpochsOffsetsAndMessagesInOrder() throws SQLException {
        store.commit(messages(message(ORDERS, "e1", 1, NOW), message(PRICES, "p1", 1, NOW),
                message(ORDERS, "e1", 2, NOW)));
        store.commit(messages(message(ORDERS, "e1", 3, NOW)));
        Map<TopicName, Snapshot> restored = restore(NOW.minusSeconds(60));
        assertEquals(List.of(ORDERS, PRICES), List.copyOf(restored.keySet()));
        Snapshot orders = restored.get(ORDERS);
        assertEquals("e1", orders.epoch());
        assertEquals(3, orders.lastOffset());
        assertEquals(List.of(1L, 2L, 3L), offsets(orders));
        Publication first = orders.retained().get(0);
        assertEquals(NOW, first.time());
        assertEquals(Json.createObjectBuilder().add("n", 1).build(), first.data());
    }

    @Test
    void aRestoreReadsNoMoreThanTheNewestMessagesATopicMayKeep() throws SQLException {
        List<Publication> many = new java.util.ArrayList<>();
        for (long offset = 1; offset <= KEEP_PER_TOPIC + 3; offset++) {
            many.add(message(ORDERS, "e1", offset, NOW));
        }
        store.commit(messages(many.toArray(Publication[]::new)));
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), offsets(restore(NOW)
                .get(ORDERS)));
    }

    @Test
    void anyJsonComesBackAsItWasIncludingWhatNeedsEscaping() throws SQLException {
        JsonValue data = codec.parseValue("{\"text\":\"zero \\u0000 lone \\ud800 pair \\ud83d\\ude00 é\","
                + "\"list\":[1,2.5,null,true],\"big\":12345678901234567890}");
        store.commit(messages(new Publication(ORDERS, 1, "e1", NOW, data)));
        assertEquals(data, restore(NOW).get(ORDERS).retained().get(0).data());
    }

    @Test
    void restoringLeavesOutWhatWasPublishedBeforeTheCutoffButKeepsTheTopicsNumbering() throws SQLException {
        store.commit(messages(message(ORDERS, "e1", 1, NOW.minusSeconds(600)), message(ORDERS, "e1", 2, NOW)));
        Snapshot orders = restore(NOW.minusSeconds(60)).get(ORDERS);
        assertEquals(List.of(2L), offsets(orders));
        assertEquals(2, orders.lastOffset());
    }

    @Test
    void aTrimDeletesWhatTheTopicNoLongerRetains() throws SQLException {
        store.commit(messages(message(ORDERS, "e1", 1, NOW), message(ORDERS, "e1", 2, NOW),
                message(ORDERS, "e1", 3, NOW)));
        store.commit(new Batch(List.of(), List.of(new Trim(ORDERS, "e1", 3)), List.of()));
        assertEquals(List.of(3L), offsets(restore(NOW).get(ORDERS)));
    }

    @Test
    void aForgottenTopicIsGoneEpochIncludedAndANewEpochStartsAfresh() throws SQLException {
        store.commit(messages(message(ORDERS, "e1", 1, NOW), message(ORDERS, "e1", 2, NOW)));
        store.commit(new Batch(rows(message(ORDERS, "e2", 1, NOW)), List.of(), List.of(ORDERS)));
        Snapshot orders = restore(NOW).get(ORDERS);
        assertEquals("e2", orders.epoch());
        assertEquals(List.of(1L), offsets(orders));
        store.commit(new Batch(List.of(), List.of(), List.of(ORDERS)));
        assertFalse(restore(NOW).containsKey(ORDERS));
    }

    @Test
    void aDiscardDeletesWhatAFailedCommitMayHaveLeft() throws SQLException {
        store.commit(messages(message(ORDERS, "e1", 1, NOW), message(ORDERS, "e1", 2, NOW),
                message(ORDERS, "e1", 3, NOW)));
        store.discard(List.of(new Trim(ORDERS, "e1", 2)));
        Snapshot orders = restore(NOW).get(ORDERS);
        assertEquals(List.of(1L), offsets(orders));
        assertEquals(1, orders.lastOffset(), "numbering goes on after the last message kept");
    }

    @Test
    void expiryDeletesOldMessagesAndTopicsThatKeptNothingSince() throws SQLException {
        store.commit(messages(message(ORDERS, "e1", 1, NOW.minusSeconds(600))));
        store.commit(messages(message(PRICES, "p1", 1, NOW.minusSeconds(600)), message(PRICES, "p1", 2, NOW)));
        store.expire(NOW.minusSeconds(60));
        Map<TopicName, Snapshot> restored = restore(NOW.minusSeconds(3600));
        assertFalse(restored.containsKey(ORDERS));
        assertEquals(List.of(2L), offsets(restored.get(PRICES)));
    }

    @Test
    void aFailedTransactionKeepsNothingAndTheNextOneWorks() throws SQLException {
        store.commit(messages(message(ORDERS, "e1", 1, NOW)));
        assertThrows(SQLException.class, () -> store.commit(messages(message(PRICES, "p1", 1, NOW),
                message(ORDERS, "e1", 1, NOW))), "a message numbered twice");
        assertFalse(restore(NOW).containsKey(PRICES));
        store.commit(messages(message(ORDERS, "e1", 2, NOW)));
        assertEquals(List.of(1L, 2L), offsets(restore(NOW).get(ORDERS)));
    }

    @Test
    void theSchemaIsMigratedOnceAndVersioned() throws SQLException {
        close();
        open(settingsOfOpenDatabase());
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT \"version\", \"success\" FROM \"switchboard_schema_history\" WHERE \"version\" IS NOT NULL")) {
            assertTrue(rows.next());
            assertEquals("1", rows.getString(1));
            assertTrue(rows.getBoolean(2));
            assertFalse(rows.next(), "migrated once");
        }
    }

    // A cluster's nodes share one database: each commits what it published, topics are claimed under a lock.

    private JdbcMessageStore node() {
        return new JdbcMessageStore(database.dataSource(), codec, KEEP_PER_TOPIC, true);
    }

    private TopicRecords records() {
        return new TopicRecords(database.dataSource(), codec, java.time.Clock.systemUTC());
    }

    private Snapshot claim(TopicName topic, String fresh) {
        return records().claim(topic, fresh, KEEP_PER_TOPIC, NOW.minusSeconds(60));
    }

    @Test
    void aTopicTheDatabaseDoesNotKnowIsRecordedWithTheFreshEpochWhenClaimed() {
        Snapshot claimed = claim(ORDERS, "c1");
        assertEquals(new Snapshot("c1", 0, List.of()), claimed);
        assertEquals(claimed, claim(ORDERS, "other"), "claimed again, the recorded epoch comes back");
    }

    @Test
    void nodesCommitSideBySideOutOfOrderAndTheTopicAdvancesToItsHighestOffset() throws SQLException {
        claim(ORDERS, "c1");
        JdbcMessageStore nodeA = node();
        JdbcMessageStore nodeB = node();
        try (nodeA; nodeB) {
            nodeA.commit(messages(message(ORDERS, "c1", 2, NOW), message(ORDERS, "c1", 4, NOW)));
            nodeB.commit(messages(message(ORDERS, "c1", 3, NOW), message(ORDERS, "c1", 1, NOW)));
        }
        Snapshot orders = claim(ORDERS, "c2");
        assertEquals("c1", orders.epoch());
        assertEquals(4, orders.lastOffset());
        assertEquals(List.of(1L, 2L, 3L, 4L), offsets(orders));
    }

    @Test
    void aClaimTakesUpTheNewestMessagesAcrossOffsetsNoNodeCommitted() throws SQLException {
        claim(ORDERS, "c1");
        claim(PRICES, "p1");
        try (JdbcMessageStore node = node()) {
            // 3 was published by a node that died before it committed it
            node.commit(messages(message(ORDERS, "c1", 1, NOW), message(ORDERS, "c1", 2, NOW),
                    message(ORDERS, "c1", 4, NOW), message(ORDERS, "c1", 5, NOW)));
            for (long offset = 1; offset <= KEEP_PER_TOPIC + 3; offset++) {
                node.commit(messages(message(PRICES, "p1", offset, offset < 5 ? NOW.minusSeconds(600) : NOW)));
            }
        }
        Snapshot orders = claim(ORDERS, "c2");
        assertEquals(5, orders.lastOffset());
        assertEquals(List.of(1L, 2L, 4L, 5L), offsets(orders), "everything committed, on both sides of the gap");
        assertEquals(List.of(5L, 6L, 7L, 8L), offsets(claim(PRICES, "p2")),
                "among the newest offsets it may keep, back to the first that expired");
    }

    @Test
    void aForgottenTopicIsClaimedAfreshAndLateCommitsOfItsOldEpochAdvanceNothing() throws SQLException {
        claim(ORDERS, "c1");
        try (JdbcMessageStore node = node()) {
            node.commit(messages(message(ORDERS, "c1", 1, NOW)));
            records().forget(ORDERS);
            assertEquals(new Snapshot("c2", 0, List.of()), claim(ORDERS, "c2"));
            node.commit(messages(message(ORDERS, "c1", 2, NOW)));
        }
        assertEquals(new Snapshot("c2", 0, List.of()), claim(ORDERS, "c3"));
    }

    @Test
    void inAClusterWhatAFailedCommitLeftIsKeptAndExpiryLeavesTopicsTheirNumbering() throws SQLException {
        claim(ORDERS, "c1");
        try (JdbcMessageStore node = node()) {
            node.commit(messages(message(ORDERS, "c1", 1, NOW), message(ORDERS, "c1", 2, NOW)));
            node.discard(List.of(new Trim(ORDERS, "c1", 1)));
            assertEquals(List.of(1L, 2L), offsets(claim(ORDERS, "c2")), "the cluster delivered them: kept");
            node.expire(NOW.plusSeconds(1));
        }
        assertEquals(new Snapshot("c1", 2, List.of()), claim(ORDERS, "c2"));
    }

    @Test
    void aClaimWhileTheDatabaseIsDownIsRefusedAsUnavailable() {
        database.close();
        io.switchboard.protocol.SwitchboardException refused = assertThrows(
                io.switchboard.protocol.SwitchboardException.class, () -> claim(ORDERS, "c1"));
        assertEquals(io.switchboard.protocol.ErrorCode.UNAVAILABLE, refused.code());
        database = Database.open(settingsOfOpenDatabase());
    }

    /** The settings this test's database was opened with, for a second opening. */
    abstract StoreSettings settingsOfOpenDatabase();
}
