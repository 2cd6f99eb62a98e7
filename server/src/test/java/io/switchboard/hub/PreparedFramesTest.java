package io.switchboard.hub;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class PreparedFramesTest {

    private final PreparedFrames prepared = new PreparedFrames();

    @Test
    void everyLengthIsFramedAsRfc6455Says() {
        for (String text : List.of("", "{}", "x".repeat(125), "y".repeat(126), "z".repeat(0xFFFF),
                "w".repeat(0x10000), "é€😀")) {
            assertEquals(List.of(text), TyrusWireTest.parse(ByteBuffer.wrap(prepared.framed(text))));
        }
    }

    @Test
    void aFrameSentToManySessionsIsFramedOnce() {
        String frame = "{\"type\":\"message\",\"topic\":\"orders\"}";
        byte[] first = prepared.framed(frame);
        for (int session = 0; session < 100; session++) {
            assertSame(first, prepared.framed(frame));
        }
    }

    @Test
    void anEqualTextThatIsAnotherStringIsFramedAgain() {
        String frame = "{\"type\":\"message\"}";
        String copy = new String(frame.toCharArray());
        byte[] first = prepared.framed(frame);
        assertNotSame(first, prepared.framed(copy));
        assertArrayEquals(first, prepared.framed(copy));
    }

    @Test
    void largeFramesAreNotKept() {
        String large = "x".repeat(PreparedFrames.MAX_KEPT_BYTES);
        assertNotSame(prepared.framed(large), prepared.framed(large));
    }

    @Test
    void framesThatShareASlotEachComeOutRight() {
        for (int i = 0; i < PreparedFrames.SLOTS * 4; i++) {
            String text = "frame " + i;
            assertEquals(List.of(text), TyrusWireTest.parse(ByteBuffer.wrap(prepared.framed(text))));
        }
    }
}
