package io.switchboard.runtime;

import io.switchboard.testing.LogLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefusalLogTest {

    private LogLines log;
    private List<LogRecord> lines;

    @BeforeEach
    void listen() {
        log = LogLines.of(RefusalLog.class);
        lines = log.records();
    }

    @AfterEach
    void stopListening() {
        log.close();
    }

    @Test
    void oneLinePerRefusalWithoutStackTraceOrLineBreaks() {
        new RefusalLog().refused("POST /api/tokens", "bad_json", "Not valid JSON:\nline 2");
        assertEquals(1, lines.size());
        String line = lines.get(0).getMessage();
        assertEquals("Refused POST /api/tokens: bad_json (Not valid JSON: line 2)", line);
        assertFalse(line.contains("\n"));
        assertEquals(null, lines.get(0).getThrown());
    }

    @Test
    void aFloodOfRefusalsIsLoggedAtABoundedRate() throws Exception {
        RefusalLog log = new RefusalLog();
        for (int i = 0; i < 1000; i++) {
            log.refused("GET /x", "not_found", "No such resource");
        }
        assertTrue(lines.size() <= 2 * RefusalLog.LINES_PER_SECOND, "at most a second's worth (or two across a tick)");
        Thread.sleep(1100);
        log.refused("GET /x", "not_found", "No such resource");
        assertTrue(lines.get(lines.size() - 1).getMessage().contains("more refusals were not logged"));
    }
}
