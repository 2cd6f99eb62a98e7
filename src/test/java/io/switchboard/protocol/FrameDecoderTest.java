package io.switchboard.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameDecoderTest {

    @Test
    void sizeIsMeasuredInUtf8Bytes() {
        assertFalse(FrameDecoder.exceeds("abc", 3));
        assertTrue(FrameDecoder.exceeds("abcd", 3));
        assertTrue(FrameDecoder.exceeds("ééé", 5), "each é is two bytes");
        assertFalse(FrameDecoder.exceeds("éé", 4));
    }
}
