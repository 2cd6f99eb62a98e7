package io.switchboard.hub;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTransportTest {

    @Test
    void shortCloseReasonsAreKept() {
        assertEquals("slow consumer", SessionTransport.fitted("slow consumer"));
    }

    @Test
    void longCloseReasonsAreCutToTheProtocolsLimit() {
        String fitted = SessionTransport.fitted("bad token: " + "é".repeat(200));
        assertTrue(fitted.getBytes(StandardCharsets.UTF_8).length <= SessionTransport.MAX_REASON_BYTES);
        assertTrue(fitted.startsWith("bad token: éé") && fitted.endsWith("..."));
        assertTrue(!fitted.contains("\uFFFD"), "no half character");
    }
}
