package io.switchboard.store;

import io.switchboard.runtime.StoreSettings;
import io.switchboard.testing.TestConfig;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The embedded default: an H2 file in the data directory. */
class H2MessageStoreTest extends MessageStoreContract {

    @TempDir
    Path dataDir;

    @Override
    StoreSettings settings() {
        return settingsOfOpenDatabase();
    }

    @Override
    StoreSettings settingsOfOpenDatabase() {
        return TestConfig.of("switchboard.data-dir", dataDir.toString()).store();
    }
}
