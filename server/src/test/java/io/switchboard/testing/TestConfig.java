package io.switchboard.testing;

import io.switchboard.runtime.Settings;
import io.switchboard.runtime.SwitchboardConfig;

import java.util.HashMap;
import java.util.Map;

/** The application's configuration with some settings given, the rest at their defaults. */
public final class TestConfig {

    private TestConfig() {
    }

    /** @param namesAndValues {@code "switchboard.history-size", "5", ...} */
    public static SwitchboardConfig of(String... namesAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return SwitchboardConfig.from(Settings.of(values));
    }
}
