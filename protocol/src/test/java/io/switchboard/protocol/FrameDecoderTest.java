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

    private static final String LARGE_DATA = "x".repeat(FrameDecoder.GATED_CHARS);
    private static final FrameGate NO_PUBLISHING = (length, type) -> "publish".equals(type.get())
            ? new RateLimitedException("at most so many bytes a second", 1) : null;

    @Test
    void aLargeFrameTheGateRefusesIsAnsweredFromItsHeaderWithoutParsingTheRest() {
        FrameDecoder gated = new FrameDecoder(64 * 1024, new FrameCodec(), NO_PUBLISHING);
        // not even valid JSON after the header: only a refusal that never parsed it answers rate_limited
        String cutShort = "{\"type\":\"publish\",\"id\":\"p1\",\"topic\":\"a\",\"data\":\"" + LARGE_DATA;
        assertEquals(new ClientFrame.Malformed("p1", ErrorCode.RATE_LIMITED, "at most so many bytes a second"),
                gated.decodePart(cutShort, true));
        assertEquals(cutShort.length(), gated.lastLength());
    }

    @Test
    void smallFramesOtherTypesAndFramesWithoutAHeaderAreParsedAsUsual() {
        FrameDecoder gated = new FrameDecoder(64 * 1024, new FrameCodec(), NO_PUBLISHING);
        assertInstanceOf(ClientFrame.Publish.class,
                gated.decode("{\"type\":\"publish\",\"id\":\"p\",\"topic\":\"a\",\"data\":1}"), "small");
        assertInstanceOf(ClientFrame.Ping.class,
                gated.decode("{\"type\":\"ping\",\"id\":\"i\",\"pad\":\"" + LARGE_DATA + "\"}"));
        assertTrue(gated.decode("[\"" + LARGE_DATA + "\"]") instanceof ClientFrame.Malformed malformed
                && malformed.code() == ErrorCode.BAD_REQUEST);
    }

    @Test
    void theHeaderIsFoundWhereverTheTypeAndIdStandPastNestedValues() {
        FrameCodec codec = new FrameCodec();
        assertEquals(new FrameHeader("publish", "p9"), codec.peekHeader(
                "{\"data\":{\"a\":[1,{\"type\":\"no\"}],\"id\":\"no\"},\"topic\":\"t\",\"id\":\"p9\",\"type\":\"publish\"}"));
        assertEquals(new FrameHeader("publish", null), codec.peekHeader("{\"type\":\"publish\",\"data\":[1,2]}"));
        assertNull(codec.peekHeader("{\"id\":\"p\"}"), "no type");
        assertNull(codec.peekHeader("{\"type\":\"publish\",\"id\":"), "cut short before the id");
        assertEquals(new FrameHeader("publish", null), codec.peekHeader(
                "{\"type\":\"publish\",\"id\":\"" + "i".repeat(FrameCodec.MAX_ID_CHARS + 1) + "\"}"), "an id too long is none");
    }

    @Test
    void aGateThatDecidesByLengthAloneNeedsNoHeaderButARefusalStillCarriesTheId() {
        String large = "{\"type\":\"publish\",\"id\":\"p2\",\"topic\":\"a\",\"data\":\"" + LARGE_DATA + "\"}";
        assertInstanceOf(ClientFrame.Publish.class, new FrameDecoder(64 * 1024, new FrameCodec(),
                (length, type) -> null).decode(large));
        FrameGate byLength = (length, type) -> new RateLimitedException("too many bytes", 1);
        assertEquals(new ClientFrame.Malformed("p2", ErrorCode.RATE_LIMITED, "too many bytes"),
                new FrameDecoder(64 * 1024, new FrameCodec(), byLength).decode(large));
    }
}
