package io.switchboard.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameDecoderTest {

    @Test
    void framesOverTwiceTheLimitAreNotEvenParsed() {
        FrameDecoder decoder = new FrameDecoder();
        decoder.init(10, new FrameCodec());
        assertTrue(decoder.decode("{\"type\":\"ping\",\"x\":\"" + "a".repeat(20) + "\"}") instanceof ClientFrame.Oversized);
        assertTrue(decoder.decode("{\"type\":\"ping\"}") instanceof ClientFrame.Malformed malformed
                && malformed.code() == ErrorCode.TOO_LARGE);
        assertTrue(decoder.decode("{}") instanceof ClientFrame.Malformed malformed
                && malformed.code() == ErrorCode.BAD_REQUEST);
    }

    @Test
    void sizeIsMeasuredInUtf8Bytes() {
        assertFalse(FrameDecoder.exceeds("abc", 3));
        assertTrue(FrameDecoder.exceeds("abcd", 3));
        assertTrue(FrameDecoder.exceeds("ééé", 5), "each é is two bytes");
        assertFalse(FrameDecoder.exceeds("éé", 4));
    }
}
