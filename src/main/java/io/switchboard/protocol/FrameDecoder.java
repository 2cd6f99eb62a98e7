package io.switchboard.protocol;

import io.switchboard.runtime.SwitchboardConfig;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

import java.nio.charset.StandardCharsets;

/**
 * The JSR 356 face of {@link FrameCodec} for {@code /ws}. It never fails: unreadable or oversized frames become
 * {@link ClientFrame.Malformed}, so the client gets an {@code error} frame with its request id and stays connected.
 */
public class FrameDecoder implements Decoder.Text<ClientFrame> {

    private FrameCodec codec;
    private int maxMessageBytes;

    @Override
    public void init(EndpointConfig config) {
        // Containers create decoders themselves; look the application's beans up rather than rely on injection.
        init(CDI.current().select(SwitchboardConfig.class).get().maxMessageBytes(),
                CDI.current().select(FrameCodec.class).get());
    }

    void init(int maxMessageBytes, FrameCodec codec) {
        this.maxMessageBytes = maxMessageBytes;
        this.codec = codec;
    }

    @Override
    public ClientFrame decode(String text) {
        if (exceeds(text, 2 * maxMessageBytes)) {
            return new ClientFrame.Oversized(text.length());
        }
        ClientFrame frame = codec.decode(text);
        if (exceeds(text, maxMessageBytes)) {
            return new ClientFrame.Malformed(frame.id(), ErrorCode.TOO_LARGE,
                    "The frame is larger than maxMessageBytes (" + maxMessageBytes + " bytes)");
        }
        return frame;
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }

    static boolean exceeds(String text, int maxBytes) {
        if (text.length() > maxBytes) {
            return true;
        }
        if ((long) text.length() * 3 <= maxBytes) {
            return false; // even if every char took three UTF-8 bytes
        }
        return text.getBytes(StandardCharsets.UTF_8).length > maxBytes;
    }
}
