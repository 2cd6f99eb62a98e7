package io.switchboard.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where durable topics are committed.
 *
 * @param kind         {@code switchboard.store}: {@code jdbc} commits durable topics to a database before they
 *                     are acknowledged; {@code memory} keeps history in memory only
 * @param dataSource   {@code switchboard.store.datasource}: the JNDI name of a container's data source
 * @param url          {@code switchboard.store.url}: a JDBC URL Switchboard pools itself; by default an H2 file
 *                     database in the data directory
 * @param user         {@code switchboard.store.user}
 * @param password     {@code switchboard.store.password}
 * @param dataDir      {@code switchboard.data-dir}: where the embedded database lives
 * @param batchMessages {@code switchboard.store.batch-messages}: the most messages one commit carries
 * @param queueMessages {@code switchboard.store.queue-messages}: publishes waiting for a commit, all topics
 * @param queueBytes   {@code switchboard.store.queue-bytes}: their estimated heap, all topics
 */
public record StoreSettings(StoreKind kind, Optional<String> dataSource, Optional<String> url,
                            Optional<String> user, Optional<String> password, Path dataDir, int batchMessages,
                            int queueMessages, long queueBytes) {

    /** The JDBC URL of the database Switchboard opens itself when no JNDI data source is named. */
    public String jdbcUrl() {
        // WRITE_DELAY=0: H2 writes each commit to the file before returning, so a killed process keeps it;
        // it also stops H2's background writer, whose work the store's H2Upkeep does instead.
        // DB_CLOSE_ON_EXIT=FALSE: on SIGTERM H2's own shutdown hook would close the database before the
        // graceful shutdown has committed what was appended.
        // DB_CLOSE_DELAY=-1: nor does the database close when the pool happens to hold no connection; the store
        // shuts it down when it closes, after the upkeep.
        // CACHE_SIZE=2048 (KB; H2's default is 16 MB): every page a commit writes enters H2's page cache, and in
        // 16 MB it outlived a young collection or two and was copied each time; with 2 MB, young pauses under
        // the benchmark's durable S2 went from 28 ms to 15 ms. The store reads little back: trims and expiry.
        return url.orElseGet(() -> "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("switchboard")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=-1;CACHE_SIZE=2048");
    }

    /** A database named in configuration, which the nodes of a cluster can share; not the embedded file. */
    public boolean shared() {
        return dataSource.isPresent() || url.isPresent();
    }

    static StoreSettings from(Settings settings) {
        return new StoreSettings(
                StoreKind.parse(settings.get("switchboard.store").orElse("jdbc")),
                settings.get("switchboard.store.datasource"),
                settings.get("switchboard.store.url"),
                settings.get("switchboard.store.user"),
                settings.get("switchboard.store.password"),
                Path.of(settings.get("switchboard.data-dir").orElse("switchboard-data")),
                settings.positive("switchboard.store.batch-messages", 1_000),
                settings.positive("switchboard.store.queue-messages", 20_000),
                settings.bytes("switchboard.store.queue-bytes", "5%"));
    }
}
