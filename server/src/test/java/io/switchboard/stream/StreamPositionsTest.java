package io.switchboard.stream;

import io.switchboard.protocol.ClientFrame.Since;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FramePosition;
import io.switchboard.protocol.SwitchboardException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamPositionsTest {

    private static FramePosition message(String topic, long offset, String epoch) {
        return new FramePosition("message", topic, offset, epoch, null);
    }

    private static FramePosition ack(String topic, long offset, String epoch, Boolean recovered) {
        return new FramePosition("ack", topic, offset, epoch, recovered);
    }

    @Test
    void eachEventIdNamesEveryExactTopicsPositionSoFar() {
        StreamPositions positions = new StreamPositions(Set.of("a.b", "c"), Map.of());
        assertEquals("a.b:e1:0", positions.after(ack("a.b", 0, "e1", null)));
        assertEquals("a.b:e1:0,c:e2:7", positions.after(ack("c", 7, "e2", false)));
        assertEquals("a.b:e1:1,c:e2:7", positions.after(message("a.b", 1, "e1")));
        assertEquals(Map.of("a.b", new Since(1, "e1"), "c", new Since(7, "e2")),
                StreamPositions.parse("a.b:e1:1,c:e2:7"), "read back as it was written");
    }

    @Test
    void whatMovesNoExactTopicHasNoId() {
        StreamPositions positions = new StreamPositions(Set.of("a.b"), Map.of());
        assertNull(positions.after(null), "a frame without a position: welcome, error, presence");
        assertNull(positions.after(message("a.c", 4, "e")), "a topic only a wildcard subscription carries");
    }

    @Test
    void aResumedSubscriptionsAckKeepsThePositionItResumesFromUntilTheReplayMovesIt() {
        StreamPositions positions = new StreamPositions(Set.of("a.b"), Map.of("a.b", new Since(3, "e1"),
                "gone", new Since(9, "e9")));
        assertNull(positions.after(ack("a.b", 5, "e1", true)), "4 and 5 are still to come");
        assertEquals("a.b:e1:4", positions.after(message("a.b", 4, "e1")), "a topic it no longer carries left out");
        StreamPositions lost = new StreamPositions(Set.of("a.b"), Map.of("a.b", new Since(3, "e1")));
        assertEquals("a.b:e2:5", lost.after(ack("a.b", 5, "e2", false)), "not recovered: live from the ack on");
    }

    @Test
    void anIdThisServerDidNotMakeIsABadRequest() {
        assertEquals(Map.of(), StreamPositions.parse(null));
        assertEquals(Map.of(), StreamPositions.parse(" "));
        for (String id : new String[]{"a.b", "a.b:e1", "a.b:e1:x", "a.b:e1:-1", "a.b:e 1:1", "a..b:e1:1",
                "a.b:e1:1,", "x".repeat(StreamPositions.MAX_ID_CHARS + 1)}) {
            SwitchboardException refused = assertThrows(SwitchboardException.class, () -> StreamPositions.parse(id),
                    id);
            assertEquals(id.contains("..") ? ErrorCode.INVALID_TOPIC : ErrorCode.BAD_REQUEST, refused.code(), id);
        }
    }
}
