package io.switchboard.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void environmentNamesFollowMicroProfileConfig() {
        assertEquals("SWITCHBOARD_MAX_SUBSCRIPTIONS", Settings.environmentName("switchboard.max-subscriptions"));
        assertEquals("SWITCHBOARD_JWT_SECRET", Settings.environmentName("switchboard.jwt.secret"));
    }

    @Test
    void systemPropertiesWinOverEnvironmentWhichWinsOverThePackagedFile() {
        Properties packaged = new Properties();
        packaged.setProperty("switchboard.a", "file");
        packaged.setProperty("switchboard.b", "file");
        packaged.setProperty("switchboard.c", "file");
        Settings settings = new Settings(
                name -> name.equals("switchboard.a") ? "system" : null,
                java.util.Set::of,
                name -> name.startsWith("SWITCHBOARD_") && !name.equals("SWITCHBOARD_C") ? "env" : null,
                packaged);
        assertEquals("system", settings.get("switchboard.a").orElseThrow());
        assertEquals("env", settings.get("switchboard.b").orElseThrow());
        assertEquals("file", settings.get("switchboard.c").orElseThrow());
    }

    @Test
    void defaultsAreSane() {
        SwitchboardConfig config = SwitchboardConfig.defaults();
        assertEquals(65_536, config.maxMessageBytes());
        assertEquals(100, config.maxSubscriptions());
        assertEquals(100, config.ratePerSecond());
        assertEquals(200, config.rateBurst());
        assertEquals(10_000, config.maxConnections());
        assertEquals(Duration.ofSeconds(25), config.heartbeat());
        assertEquals(Duration.ofSeconds(5), config.shutdownGrace());
        assertEquals(List.of("public.>"), config.anonymousSubscribe());
        assertTrue(config.jwtSecret().isEmpty());
        assertEquals(ClusterMode.AUTO, config.cluster().mode());
        assertEquals(0, config.cluster().ringbufferCapacity(), "as many as history-size, at least 1000");
    }

    @Test
    void clusterModeIsAutoOnOrOffInAnyCase() {
        assertEquals(ClusterMode.OFF,
                SwitchboardConfig.from(Settings.of(Map.of("switchboard.cluster", "Off"))).cluster().mode());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SwitchboardConfig.from(Settings.of(Map.of("switchboard.cluster", "maybe"))));
        assertTrue(e.getMessage().contains("switchboard.cluster"));
    }

    @Test
    void listsAreCommaSeparated() {
        SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of("switchboard.allowed-origins", " https://a.example , https://b.example ")));
        assertEquals(List.of("https://a.example", "https://b.example"), config.allowedOrigins());
    }

    @Test
    void invalidNumbersFailWithTheSettingsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SwitchboardConfig.from(Settings.of(Map.of("switchboard.max-connections", "lots"))));
        assertTrue(e.getMessage().contains("switchboard.max-connections"));
        assertThrows(IllegalArgumentException.class,
                () -> SwitchboardConfig.from(Settings.of(Map.of("switchboard.history-size", "0"))));
    }
}
