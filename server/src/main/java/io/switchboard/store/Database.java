package io.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.runtime.StoreSettings;
import org.flywaydb.core.Flyway;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The database of durable history: a container's data source named by JNDI ({@code switchboard.store.datasource},
 * pooled and configured by the server), or a small pool of Switchboard's own for a JDBC URL, by default an H2 file
 * in the data directory. Its schema is migrated by Flyway before anything else touches it.
 */
final class Database implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    /**
     * The writer holds one connection; the others serve the start-up's reads, a reconnect, and in a cluster the
     * topics taken up side by side ({@link TopicRecords}).
     */
    private static final int OWN_POOL_SIZE = 4;
    private static final long CONNECT_TIMEOUT_MILLIS = 5_000;

    private final DataSource dataSource;
    private final HikariDataSource ownPool;
    private final String description;
    /** The embedded file, which stays open until this closes it ({@code DB_CLOSE_DELAY=-1}). */
    private final boolean embedded;
    /** For an H2 file of its own pool's, which is opened with H2's background writer off. */
    private H2Upkeep upkeep;

    private Database(DataSource dataSource, HikariDataSource ownPool, String description, boolean embedded) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        this.description = description;
        this.embedded = embedded;
    }

    static Database open(StoreSettings config) {
        Database database = config.dataSource().isPresent()
                ? fromJndi(config.dataSource().get())
                : ownPool(config);
        try {
            database.migrate();
            if (database.ownPool != null) {
                database.upkeep = H2Upkeep.start(database.dataSource).orElse(null);
            }
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    DataSource dataSource() {
        return dataSource;
    }

    String description() {
        return description;
    }

    private static Database fromJndi(String name) {
        try {
            DataSource found = (DataSource) new InitialContext().lookup(name);
            return new Database(found, null, "data source " + name, false);
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException("switchboard.store.datasource names '" + name
                    + "', which is not a data source here: " + e.getMessage(), e);
        }
    }

    private static Database ownPool(StoreSettings config) {
        String url = config.jdbcUrl();
        if (config.url().isEmpty()) {
            try {
                Files.createDirectories(config.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create switchboard.data-dir " + config.dataDir(), e);
            }
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("switchboard-store");
        pool.setJdbcUrl(url);
        driverOf(url).ifPresent(pool::setDriverClassName);
        config.user().ifPresent(pool::setUsername);
        config.password().ifPresent(pool::setPassword);
        pool.setMaximumPoolSize(OWN_POOL_SIZE);
        // While the database is down, the writer asks for a connection once a second: fail such asks quickly.
        pool.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        pool.setMinimumIdle(1);
        // A database that is down at start is reported by the migration below, with its own message.
        pool.setInitializationFailTimeout(-1);
        HikariDataSource own = new HikariDataSource(pool);
        return new Database(own, own, url.replaceAll("password=[^;&]*", "password=***"), config.url().isEmpty());
    }

    /** Drivers named outright: DriverManager does not see the drivers inside a web application everywhere. */
    private static Optional<String> driverOf(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return Optional.of("org.h2.Driver");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Optional.of("org.postgresql.Driver");
        }
        return Optional.empty();
    }

    private void migrate() {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the history store (" + description + "): "
                    + e.getMessage(), e);
        }
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .table("switchboard_schema_history")
                .locations("classpath:db/migration")
                .placeholders(Map.of("json_text", textType(product)))
                .load()
                .migrate();
        LOG.info(() -> "Durable history in " + product + " (" + description + ")");
    }

    /**
     * Message data as text of any length. In H2 a large object, stored beside the row: inline values make every
     * insert rewrite pages full of other messages (measured: 24 MB/s of 64 KB messages against 63 MB/s).
     */
    private static String textType(String product) {
        return "H2".equalsIgnoreCase(product) ? "CHARACTER LARGE OBJECT" : "TEXT";
    }

    /**
     * Closes the embedded file, and with it its lock: a redeployment, in a class loader of its own, opens it next.
     */
    private void shutDownEmbedded() {
        Connection connection;
        try {
            connection = dataSource.getConnection();
            try (Statement shutdown = connection.createStatement()) {
                shutdown.execute("SHUTDOWN");
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Could not shut the embedded history store down cleanly; it recovers when it"
                    + " opens next", e);
            return;
        }
        try {
            connection.close();
        } catch (SQLException databaseGone) {
            // the pool resets the connection it gets back, and the database it belongs to is shut: as intended
        }
    }

    @Override
    public void close() {
        if (upkeep != null) {
            upkeep.close();
        }
        if (embedded) {
            shutDownEmbedded();
        }
        if (ownPool != null) {
            ownPool.close();
        }
    }
}
