package io.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Turns one connection's incoming text into {@link ClientFrame}s. It never fails: unreadable or oversized frames
 * become {@link ClientFrame.Malformed}, so the client gets an {@code error} frame with its request id and stays
 * connected; frames over twice {@code maxMessageBytes} become {@link ClientFrame.Oversized} and are not parsed.
 *
 * <p>The endpoint takes text messages in parts rather than through a JSR 356 {@code Decoder}, because a container
 * that assembles whole messages keeps a buffer of the largest allowed size for every session (Tomcat allocates it
 * on the first message and holds it for the session's life). Here a message is held only while it arrives, and
 * one past the limit is not held at all: it is answered as soon as it is too long, and its remaining parts are
 * dropped. One instance per connection; the container delivers a session's messages one at a time.
 */
public final class FrameDecoder {

    /** Frames shorter than this are parsed without asking the gate: glancing at them would cost about as much. */
    static final int GATED_CHARS = 4096;

    private final FrameCodec codec;
    private final int maxMessageBytes;
    private final FrameGate gate;
    private StringBuilder assembling;
    private boolean dropping;
    private int lastLength;

    public FrameDecoder(int maxMessageBytes, FrameCodec codec) {
        this(maxMessageBytes, codec, FrameGate.OPEN);
    }

    /** @param gate asked about each large frame before it is parsed */
    public FrameDecoder(int maxMessageBytes, FrameCodec codec, FrameGate gate) {
        this.maxMessageBytes = maxMessageBytes;
        this.codec = codec;
        this.gate = gate;
    }

    /**
     * Takes the next part of a text message: the frame once the message is complete (or as soon as it is too
     * large), otherwise null.
     */
    public ClientFrame decodePart(String part, boolean last) {
        if (dropping) {
            dropping = !last;
            return null;
        }
        if (assembling == null && last) {
            return decode(part); // the usual case: the whole message in one part, no copy
        }
        long length = (assembling == null ? 0 : assembling.length()) + (long) part.length();
        if (length > 2L * maxMessageBytes) { // each char is at least one UTF-8 byte
            assembling = null;
            dropping = !last;
            lastLength = (int) Math.min(length, Integer.MAX_VALUE);
            return new ClientFrame.Oversized(lastLength);
        }
        if (assembling == null) {
            assembling = new StringBuilder(part);
        } else {
            assembling.append(part);
        }
        if (!last) {
            return null;
        }
        String whole = assembling.toString();
        assembling = null;
        return decode(whole);
    }

    /**
     * The length in chars of the message {@link #decodePart} last completed: what limits counted in bytes charge
     * for it (the same as its UTF-8 bytes for ASCII text, which JSON mostly is).
     */
    public int lastLength() {
        return lastLength;
    }

    /** Decodes a whole text message. */
    ClientFrame decode(String text) {
        lastLength = text.length();
        if (text.length() >= GATED_CHARS && text.length() <= 2L * maxMessageBytes) {
            Glance glance = new Glance(text);
            SwitchboardException refused = gate.refusal(text.length(), glance);
            FrameHeader header = refused == null ? null : glance.header();
            if (header != null) {
                return new ClientFrame.Malformed(header.id(), refused.code(), refused.getMessage());
            }
        }
        // one measure serves both bounds: encoding a large frame to count its bytes twice was a seventh of the
        // server's allocation under a flood of large frames
        long bytes = utf8Bytes(text, maxMessageBytes);
        if (bytes > 2L * maxMessageBytes) {
            return new ClientFrame.Oversized(text.length());
        }
        ClientFrame frame = codec.decode(text);
        if (bytes > maxMessageBytes) {
            return new ClientFrame.Malformed(frame.id(), ErrorCode.TOO_LARGE,
                    "The frame is larger than maxMessageBytes (" + maxMessageBytes + " bytes)");
        }
        return frame;
    }

    /** A frame's type for the gate, its header read only when first asked for, and at most once. */
    private final class Glance implements Supplier<String> {

        private final String text;
        private boolean read;
        private FrameHeader header;

        Glance(String text) {
            this.text = text;
        }

        /** Null when the frame has no readable header: it is parsed as usual, and the parser says what is wrong. */
        FrameHeader header() {
            if (!read) {
                header = codec.peekHeader(text);
                read = true;
            }
            return header;
        }

        @Override
        public String get() {
            return header() == null ? null : header.type();
        }
    }

    /**
     * The UTF-8 bytes of {@code text} where they could matter, encoding it only then: a text of at most a third of
     * {@code maxBytes} chars cannot exceed it, and one of more chars than twice {@code maxBytes} is over both bounds
     * whatever its bytes, so its length stands in.
     */
    static long utf8Bytes(String text, int maxBytes) {
        if ((long) text.length() * 3 <= maxBytes || text.length() > 2L * maxBytes) {
            return text.length(); // even if every char took three UTF-8 bytes; or over both bounds already
        }
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
