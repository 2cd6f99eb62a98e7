package io.switchboard.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket peer at the byte level, for what real clients do not do on purpose: stay silent to pings, or
 * vanish. It upgrades, then reads frames as they come and never answers anything. It is also the fastest
 * possible reader, with no client library in between (the JDK 17 client was seen to stall reading large frames
 * from Undertow under load, while this reader kept up).
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;

    private final Socket socket;
    private final DataInputStream in;

    /** One frame as received: its opcode, whether it ends its message, and its payload. */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        public String text() {
            return new String(payload, payload.length >= 2 && opcode == CLOSE ? 2 : 0,
                    payload.length - (opcode == CLOSE && payload.length >= 2 ? 2 : 0), StandardCharsets.UTF_8);
        }
    }

    public RawWebSocket(URI base) throws IOException {
        this(base, null);
    }

    /** Upgraded as if through a proxy that names the client {@code forwardedFor}, where that proxy is trusted. */
    public RawWebSocket(URI base, String forwardedFor) throws IOException {
        this(new Socket(base.getHost(), base.getPort()), base, forwardedFor);
    }

    /**
     * A session whose client will stop reading: with the smallest receive buffer, so that the server soon cannot
     * write to it once the test reads no more.
     */
    public static RawWebSocket thatWillStopReading(URI base) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024); // before connecting, so that the window offered stays small
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        return new RawWebSocket(socket, base, null);
    }

    private RawWebSocket(Socket socket, URI base, String forwardedFor) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) WsClient.TIMEOUT.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
        String status = readLine();
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + status);
        }
        while (!readLine().isEmpty()) {
            // skip the response headers
        }
    }

    /** Sends one masked text frame, as RFC 6455 requires of clients. */
    public void sendText(String text) throws IOException {
        sendFragments(text);
    }

    /** Sends one text message as a text frame and continuation frames, one per part (RFC 6455 section 5.4). */
    public void sendFragments(String... parts) throws IOException {
        for (int i = 0; i < parts.length; i++) {
            int fin = i == parts.length - 1 ? 0x80 : 0;
            writeFrame(fin | (i == 0 ? TEXT : CONTINUATION), parts[i].getBytes(StandardCharsets.UTF_8));
        }
        socket.getOutputStream().flush();
    }

    private void writeFrame(int finAndOpcode, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        new java.security.SecureRandom().nextBytes(mask);
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
        frame.write(finAndOpcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame.toByteArray());
    }

    /** The next text frame as JSON, skipping pings. */
    public jakarta.json.JsonObject nextJson() throws IOException {
        return jakarta.json.Json.createReader(new java.io.StringReader(nextText())).readObject();
    }

    /** The next text frame, skipping pings. */
    public String nextText() throws IOException {
        Frame frame = read();
        while (frame.opcode() == PING) {
            frame = read();
        }
        if (frame.opcode() != TEXT) {
            throw new IOException("expected a text frame, got opcode " + frame.opcode() + " " + frame.text());
        }
        return frame.text();
    }

    /**
     * The next control frame or whole message: servers may split a message into fragments (Tomcat does for large
     * ones), and control frames may arrive between them (RFC 6455 section 5.4).
     */
    public Frame read() throws IOException {
        Frame first = readFrame();
        if (first.fin() || first.opcode() >= CLOSE) {
            return first;
        }
        java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
        message.writeBytes(first.payload());
        for (Frame next = readFrame(); ; next = readFrame()) {
            if (next.opcode() >= CLOSE) {
                if (next.opcode() == CLOSE) {
                    return next;
                }
                continue;
            }
            message.writeBytes(next.payload());
            if (next.fin()) {
                return new Frame(first.opcode(), true, message.toByteArray());
            }
        }
    }

    private Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, (first & 0x80) != 0, payload);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed during the handshake");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
