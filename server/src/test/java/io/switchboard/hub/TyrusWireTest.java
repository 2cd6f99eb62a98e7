package io.switchboard.hub;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class TyrusWireTest {

    @Test
    void framesAreWholeUnmaskedTextFramesOneAfterTheOther() {
        List<String> frames = List.of("{}", "x".repeat(125), "y".repeat(126), "z".repeat(70_000), "é€😀");
        assertEquals(frames, parse(TyrusWire.framed(frames, new PreparedFrames())));
    }

    @Test
    void aLoneFrameIsWrittenFromItsPreparedBytesWithoutACopy() {
        PreparedFrames prepared = new PreparedFrames();
        String frame = "{\"type\":\"message\"}";
        ByteBuffer written = TyrusWire.framed(List.of(frame), prepared);
        assertSame(prepared.framed(frame), written.array());
        assertEquals(List.of(frame), parse(written));
    }

    /** A client's reading of server frames (RFC 6455, section 5.2), for checking what was written. */
    static List<String> parse(ByteBuffer buffer) {
        List<String> texts = new ArrayList<>();
        while (buffer.hasRemaining()) {
            assertEquals((byte) 0x81, buffer.get(), "FIN and text");
            int second = buffer.get() & 0xFF;
            assertFalse((second & 0x80) != 0, "a server never masks");
            long length = second == 126 ? buffer.getShort() & 0xFFFF : second == 127 ? buffer.getLong() : second;
            byte[] payload = new byte[(int) length];
            buffer.get(payload);
            texts.add(new String(payload, StandardCharsets.UTF_8));
        }
        return texts;
    }
}
