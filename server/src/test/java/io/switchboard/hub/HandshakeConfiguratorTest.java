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

    @Test
    void theAcceptKeyIsDerivedAsInRfc6455() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", HandshakeConfigurator.acceptFor("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void upgradeHeadersTheContainerAddsLaterAreShownAsTheyWillBeSent() {
        Map<String, List<String>> request = Map.of("sec-websocket-key", List.of("dGhlIHNhbXBsZSBub25jZQ=="),
                "sec-websocket-protocol", List.of("other.v2, switchboard.v1"));
        Map<String, List<String>> sent = HandshakeConfigurator.asSent(request, Map.of(), List.of("switchboard.v1"));
        assertEquals(List.of("websocket"), sent.get("Upgrade"));
        assertEquals(List.of("upgrade"), sent.get("Connection"));
        assertEquals(List.of("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), sent.get("Sec-WebSocket-Accept"));
        assertEquals(List.of("switchboard.v1"), sent.get("Sec-WebSocket-Protocol"));
    }

    @Test
    void headersTheContainerAlreadySetAreKept() {
        Map<String, List<String>> response = Map.of("upgrade", List.of("WebSocket"), "sec-websocket-accept", List.of("x"));
        Map<String, List<String>> sent = HandshakeConfigurator.asSent(
                Map.of("Sec-WebSocket-Key", List.of("dGhlIHNhbXBsZSBub25jZQ==")), response, List.of());
        assertEquals(List.of("WebSocket"), sent.get("upgrade"));
        assertEquals(List.of("x"), sent.get("sec-websocket-accept"));
        assertEquals(3, sent.size());
    }
}
