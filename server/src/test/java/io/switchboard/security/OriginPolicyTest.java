package io.switchboard.security;

import io.switchboard.runtime.Settings;
import io.switchboard.runtime.SwitchboardConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginPolicyTest {

    private static OriginPolicy allowing(String origins) {
        return new OriginPolicy(SwitchboardConfig.from(Settings.of(Map.of("switchboard.allowed-origins", origins))));
    }

    private final OriginPolicy policy = allowing("https://app.example.com, https://admin.example.com/");

    @Test
    void clientsWithoutOriginAreAllowed() {
        assertTrue(policy.allows(null, "hub.example.com"));
    }

    @Test
    void theServersOwnOriginIsAllowed() {
        assertTrue(policy.allows("http://localhost:8080", "localhost:8080"));
        assertTrue(policy.allows("https://Hub.Example.com", "hub.example.com"));
    }

    @Test
    void allowListedOriginsAreAllowed() {
        assertTrue(policy.allows("https://app.example.com", "hub.example.com"));
        assertTrue(policy.allows("https://admin.example.com", "hub.example.com"));
    }

    @Test
    void otherOriginsAreRefused() {
        assertFalse(policy.allows("https://evil.example.net", "hub.example.com"));
        assertFalse(policy.allows("http://localhost:9999", "localhost:8080"));
        assertFalse(policy.allows("null", "hub.example.com"));
    }

    @Test
    void aStarAllowsEveryOrigin() {
        assertTrue(allowing("*").allows("https://anywhere.example", "hub.example.com"));
    }
}
