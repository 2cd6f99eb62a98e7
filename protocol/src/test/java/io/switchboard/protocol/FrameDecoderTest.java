package io.switchboard.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameDecoderTest {

    private final FrameDecoder decoder = new FrameDecoder(20, new FrameCodec());

    @Test
    void framesOverTwiceTheLimitAreNotEvenParsed() {
        FrameDecoder decoder = new FrameDecoder(10, new FrameCodec());
        assertTrue(decoder.decode("{\"type\":\"ping\",\"x\":\"" + "a".repeat(20) + "\"}") instanceof ClientFrame.Oversized);
        assertTrue(decoder.decode("{\"type\":\"ping\"}") instanceof ClientFrame.Malformed malformed
                && malformed.code() == ErrorCode.TOO_LARGE);
        assertTrue(decoder.decode("{}") instanceof ClientFrame.Malformed malformed
                && malformed.code() == ErrorCode.BAD_REQUEST);
    }

    private static boolean exceeds(String text, int maxBytes) {
        return FrameDecoder.utf8Bytes(text, maxBytes) > maxBytes;
    }

    @Test
    void sizeIsMeasuredInUtf8Bytes() {
        assertFalse(exceeds("abc", 3));
        assertTrue(exceeds("abcd", 3));
        assertTrue(exceeds("ééé", 5), "each é is two bytes");
        assertFalse(exceeds("éé", 4));
    }

    @Test
    void aMessageInPartsIsDecodedWhenTheLastPartArrives() {
        assertNull(decoder.decodePart("{\"type\"", false));
        assertNull(decoder.decodePart(":\"pi", false));
        assertInstanceOf(ClientFrame.Ping.class, decoder.decodePart("ng\"}", true));
    }

    @Test
    void aMessageGrowingPastTwiceTheLimitIsOversizedAtOnceAndTheRestIsDropped() {
        assertNull(decoder.decodePart("{\"type\":\"ping\",\"x\":\"", false));
        assertEquals(new ClientFrame.Oversized(41), decoder.decodePart("a".repeat(21), false));
        assertNull(decoder.decodePart("aaaa", false));
        assertNull(decoder.decodePart("\"}", true));
        assertInstanceOf(ClientFrame.Ping.class, decoder.decodePart("{\"type\":\"ping\"}", true),
                "the next message is read afresh");
    }
}
