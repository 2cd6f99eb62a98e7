package io.switchboard.store;

import io.switchboard.runtime.Scheduler;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Does for an embedded H2 file what H2's background writer would, had {@code WRITE_DELAY=0} (each commit in the file
 * before its ack) not switched it off: once a second it forces the file to disk and rewrites chunks that hold little
 * live data, and in a second without commits it moves chunks down so that the file can shrink.
 * <p>
 * H2 writes each commit as a new chunk (about 48 KB for 100 small messages) and by default reuses a dead chunk's
 * space only 45 s after the chunk was written, trusting the operating system to have written its buffers out by
 * then: at full load that kept more than a gigabyte of dead chunks around a megabyte of live history. Here a dead
 * chunk may be overwritten as soon as the chunks that replaced it are on disk, which this class knows: each round
 * pins the store's current version (no chunk that died at or after it can be reused), forces the file, and only then
 * lets go of the previous round's pin. So the file stays near its live data plus a second or two of writes, and a
 * power loss takes at most the last second's commits, never the file's consistency.
 * <p>
 * Its own thread, as forcing the file takes tens of milliseconds on a busy disk: on the store's writer it would hold
 * up every ack behind it, and on the application's timer the heartbeats.
 */
final class H2Upkeep implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(H2Upkeep.class.getName());
    static final Duration PERIOD = Duration.ofSeconds(1);
    /** H2's own threshold: chunks, and the file, under this percentage of live data are compacted. */
    private static final int TARGET_FILL_RATE = 90;
    /** Bytes rewritten and moved per round: a few milliseconds of the file's lock, which commits wait for. */
    private static final int REWRITE_BYTES = 1 << 20;
    private static final int MOVE_BYTES = 1 << 20;

    private final DataSource dataSource;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(Scheduler.daemonThreads("h2-upkeep"));
    /** The store as of the last round, and the version pinned there: the upkeep thread's own. */
    private MVStore store;
    private MVStore.TxCounter pin;
    /** The store's version at the end of the last round: unchanged means nothing was committed since. */
    private long versionSeen = -1;
    private boolean failing;

    private H2Upkeep(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Upkeep for {@code dataSource} if it is an H2 file open in this process; none for any other database. */
    static Optional<H2Upkeep> start(DataSource dataSource) {
        return start(dataSource, PERIOD);
    }

    static Optional<H2Upkeep> start(DataSource dataSource, Duration period) {
        try (Connection connection = dataSource.getConnection()) {
            if (fileStoreOf(connection).isEmpty()) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Cannot tell whether the history store is an H2 file; it gets no upkeep", e);
            return Optional.empty();
        }
        H2Upkeep upkeep = new H2Upkeep(dataSource);
        long millis = period.toMillis();
        upkeep.thread.scheduleWithFixedDelay(upkeep::round, millis, millis, TimeUnit.MILLISECONDS);
        LOG.info(() -> "The H2 file is forced to disk and compacted every " + period.toMillis() + " ms");
        return Optional.of(upkeep);
    }

    /**
     * The store of an H2 database that this process has open on a file; empty for a remote or in-memory database,
     * or another product's (or another class loader's H2).
     */
    private static Optional<MVStore> fileStoreOf(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return Optional.empty();
        }
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local)) {
            return Optional.empty();
        }
        MVStore store = local.getDatabase().getStore().getMvStore();
        return store.getFileStore() instanceof RandomAccessStore ? Optional.of(store) : Optional.empty();
    }

    /**
     * One round, on a connection of the pool's: the pool may have let the database close and open again since the
     * last one, so the store is looked up anew.
     */
    void round() {
        try (Connection connection = dataSource.getConnection()) {
            fileStoreOf(connection).ifPresent(this::keepUp);
            if (failing) {
                failing = false;
                LOG.info("The H2 file's upkeep works again");
            }
        } catch (Throwable e) {
            // anything, an Error included: a periodic task that throws is cancelled for good, silently (as the
            // application's Scheduler knows). H2 goes on without a round (its file grows meanwhile); a database
            // that is down shows in the store's outage instead.
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "The H2 file's upkeep failed; it tries again every second", e);
            }
        }
    }

    private void keepUp(MVStore current) {
        if (current != store) {
            // a database opened anew: its chunks wait for their retention time until this round's pin holds
            store = current;
            pin = null;
        }
        boolean idle = current.getCurrentVersion() == versionSeen;
        MVStore.TxCounter next = pinVersion(current);
        try {
            current.sync();
        } catch (RuntimeException e) {
            current.deregisterVersionUsage(next);
            throw e;
        }
        if (pin == null) {
            current.getFileStore().setRetentionTime(0);
        } else {
            current.deregisterVersionUsage(pin);
        }
        pin = next;
        if (current.compact(TARGET_FILL_RATE, REWRITE_BYTES)) {
            // the rewritten pages are stored as H2's background writer would, rather than with the next commit
            current.tryCommit();
        }
        if (idle) {
            // moving forces the file twice under the store's lock: only while no commit waits for it
            ((RandomAccessStore) current.getFileStore()).compactMoveChunks(TARGET_FILL_RATE, MOVE_BYTES, current);
        }
        versionSeen = current.getCurrentVersion();
    }

    /** Taken under the store's lock, where no commit is half written: every version before it is in the file. */
    private static MVStore.TxCounter pinVersion(MVStore store) {
        MVStore.TxCounter[] pinned = new MVStore.TxCounter[1];
        store.executeFilestoreOperation(() -> pinned[0] = store.registerVersionUsage());
        return pinned[0];
    }

    private void letGo() {
        if (pin != null) {
            store.deregisterVersionUsage(pin);
            pin = null;
        }
    }

    /**
     * Stops after the round under way, and lets go of the pin: H2 expects no version in use when the database closes,
     * which it must only do after this.
     */
    @Override
    public void close() {
        thread.execute(this::letGo);
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
