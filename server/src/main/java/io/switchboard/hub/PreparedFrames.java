package io.switchboard.hub;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * RFC 6455 text frames from the server (unmasked, whole), each framed once for all the sessions that send it. The
 * engine hands a publish's frame to every subscriber as the same {@code String}, so a fan-out to 100 subscribers
 * encoded and copied it 100 times: over half of what the server allocated in the benchmark's saturation, and
 * young collections as often. A table keyed by the string's identity keeps the framed bytes of recent small
 * frames, each in one of two slots so that two frames in flight at once rarely push each other out; a miss
 * (both slots taken by others, or a large frame) frames the text again, so nothing depends on a hit. The table
 * holds at most {@link #SLOTS} frames of at most {@link #MAX_KEPT_BYTES} with their strings: 4 MiB at worst.
 * <p>
 * The bytes are shared by every write of the frame and must never be written to.
 */
final class PreparedFrames {

    static final int SLOTS = 1024;
    static final int MAX_KEPT_BYTES = 2048;
    private static final byte FIN_TEXT = (byte) 0x81;

    private record Prepared(String text, byte[] framed) {
    }

    private final AtomicReferenceArray<Prepared> slots = new AtomicReferenceArray<>(SLOTS);

    /** {@code text} as a whole text frame: the bytes kept for this very string, or framed now. */
    byte[] framed(String text) {
        int hash = System.identityHashCode(text);
        int first = hash & (SLOTS - 1);
        int second = (hash * 0x9E3779B9 >>> 22) & (SLOTS - 1);
        Prepared atFirst = slots.getAcquire(first);
        if (atFirst != null && atFirst.text() == text) {
            return atFirst.framed();
        }
        Prepared atSecond = slots.getAcquire(second);
        if (atSecond != null && atSecond.text() == text) {
            return atSecond.framed();
        }
        byte[] framed = frame(text);
        if (framed.length <= MAX_KEPT_BYTES) {
            // the empty one of the two slots if there is one, else the first
            slots.setRelease(atFirst != null && atSecond == null ? second : first, new Prepared(text, framed));
        }
        return framed;
    }

    static byte[] frame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int header = payload.length <= 125 ? 2 : payload.length <= 0xFFFF ? 4 : 10;
        byte[] framed = new byte[header + payload.length];
        framed[0] = FIN_TEXT;
        if (payload.length <= 125) {
            framed[1] = (byte) payload.length;
        } else if (payload.length <= 0xFFFF) {
            framed[1] = 126;
            framed[2] = (byte) (payload.length >>> 8);
            framed[3] = (byte) payload.length;
        } else {
            framed[1] = 127;
            for (int i = 0; i < 8; i++) {
                framed[2 + i] = (byte) ((long) payload.length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, framed, header, payload.length);
        return framed;
    }
}
