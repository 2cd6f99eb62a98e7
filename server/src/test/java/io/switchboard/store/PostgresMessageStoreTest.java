package io.switchboard.store;

import io.switchboard.runtime.StoreSettings;
import io.switchboard.testing.PostgresServer;
import io.switchboard.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** PostgreSQL from Debian's packages, started for these tests: each test gets an empty database of its own. */
class PostgresMessageStoreTest extends MessageStoreContract {

    private static PostgresServer postgres;
    private static int databases;
    private String database;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    StoreSettings settings() throws Exception {
        database = "contract" + ++databases;
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        return settingsOfOpenDatabase();
    }

    @Override
    StoreSettings settingsOfOpenDatabase() {
        return TestConfig.of("switchboard.store.url", postgres.jdbcUrl().replace("/postgres", "/" + database),
                "switchboard.store.user", postgres.user()).store();
    }
}
