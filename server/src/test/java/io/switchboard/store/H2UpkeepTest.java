package io.switchboard.store;

import io.switchboard.testing.TestConfig;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded H2 file as the store opens it (each commit written before it returns), under a stream of commits that
 * insert new rows and delete old ones, as durable topics do.
 */
class H2UpkeepTest {

    private static final long WRITTEN = 48L << 20;
    private static final int KEPT = 200;
    /** Live rows stay under a megabyte; a third of what is written leaves room for the dead chunks of a few rounds. */
    private static final long BOUND = WRITTEN / 3;
    /** The live rows, and room for H2's own tables and the chunks of the last rounds. */
    private static final long SHRUNK = 4L << 20;

    @TempDir
    Path dataDir;

    private JdbcDataSource file;
    private Optional<H2Upkeep> upkeep = Optional.empty();

    @BeforeEach
    void open() throws SQLException {
        file = new JdbcDataSource();
        file.setURL(TestConfig.of("switchboard.data-dir", dataDir.toString()).store().jdbcUrl());
        try (Connection c = file.getConnection(); Statement ddl = c.createStatement()) {
            ddl.execute("CREATE TABLE row_stream (id BIGINT PRIMARY KEY, data CHARACTER LARGE OBJECT)");
        }
    }

    /** In the store's order: the upkeep first, as H2 expects no version in use when it closes. */
    @AfterEach
    void close() throws SQLException {
        upkeep.ifPresent(H2Upkeep::close);
        try (Connection c = file.getConnection(); Statement shutdown = c.createStatement()) {
            shutdown.execute("SHUTDOWN");
        }
    }

    @Test
    void withoutUpkeepTheFileKeepsEveryChunkWrittenInTheLast45Seconds() throws Exception {
        long largest = writeAndTrim(WRITTEN, () -> { });

        assertTrue(largest > WRITTEN * 8 / 10, "the file grew to " + mb(largest) + " only");
    }

    /** Its rounds run here, one a MiB written, rather than on its timer: how fast a machine writes does not count. */
    @Test
    void withUpkeepTheFileStaysNearItsLiveRowsAndShrinksOnceTheWritesStop() throws Exception {
        H2Upkeep rounds = H2Upkeep.start(file, Duration.ofDays(1)).orElseThrow();
        upkeep = Optional.of(rounds);

        long largest = writeAndTrim(WRITTEN, rounds::round);

        assertTrue(largest < BOUND, "the file grew to " + mb(largest) + " while " + mb(WRITTEN) + " were written");
        for (int round = 0; round < 20 && fileSize() >= SHRUNK; round++) {
            rounds.round();
        }
        assertTrue(fileSize() < SHRUNK, "the file shrinks to " + mb(SHRUNK) + " after the writes: " + mb(fileSize()));
    }

    @Test
    void aDatabaseNotInAFileNeedsNone() {
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:upkeep");

        assertFalse(H2Upkeep.start(memory).isPresent());
    }

    /**
     * Commits 50 rows of 4 KiB at a time, keeping the newest {@link #KEPT}, until {@code bytes} of rows were written;
     * runs {@code everyMiB} after each MiB.
     *
     * @return the largest the file was meanwhile
     */
    private long writeAndTrim(long bytes, Runnable everyMiB) throws Exception {
        String data = "x".repeat(4096);
        long next = 1;
        long largest = 0;
        try (Connection writer = file.getConnection();
             PreparedStatement insert = writer.prepareStatement("INSERT INTO row_stream VALUES (?, ?)");
             PreparedStatement trim = writer.prepareStatement("DELETE FROM row_stream WHERE id < ?")) {
            writer.setAutoCommit(false);
            for (long written = 0; written < bytes; written += 50L * data.length()) {
                for (int i = 0; i < 50; i++) {
                    insert.setLong(1, next++);
                    insert.setString(2, data);
                    insert.addBatch();
                }
                insert.executeBatch();
                trim.setLong(1, next - KEPT);
                trim.executeUpdate();
                writer.commit();
                largest = Math.max(largest, fileSize());
                if (written % (1 << 20) < 50L * data.length()) {
                    everyMiB.run();
                }
            }
        }
        return largest;
    }

    private long fileSize() {
        try {
            return Files.size(dataDir.resolve("switchboard.mv.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mb(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
