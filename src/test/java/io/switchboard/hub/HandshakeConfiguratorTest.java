package io.switchboard.hub;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HandshakeConfiguratorTest {

    @Test
    void credentialsInHeadersAreRedacted() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", List.of("Bearer abc"));
        headers.put("cookie", List.of("id=1"));
        headers.put("Accept-Language", List.of("en", "de"));
        Map<String, String> shown = HandshakeConfigurator.redacted(headers);
        assertEquals("[redacted]", shown.get("Authorization"));
        assertEquals("[redacted]", shown.get("cookie"));
        assertEquals("en, de", shown.get("Accept-Language"));
    }

    @Test
    void tokenParametersInEchoedUrlsAreRedacted() {
        Map<String, List<String>> headers = Map.of("Sec-WebSocket-Location", List.of("ws://hub:8080/ws?token=abc.def&x=1"));
        assertEquals("ws://hub:8080/ws?token=[redacted]&x=1",
                HandshakeConfigurator.redacted(headers).get("Sec-WebSocket-Location"));
    }
}
