package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client WebSocket (RFC 6455) on a {@link WsLoop}: the upgrade handshake, masked text frames out, text,
 * ping and close frames in, fragments reassembled. Only the loop's thread touches its state.
 */
public final class WsConnection {

    /** Hears of one connection's life, on its loop's thread. */
    public interface Handler {
        void opened(WsConnection connection);

        void text(WsConnection connection, String text);

        /** {@code serverCode}: the server's close code, "1006" where it dropped the connection, null where we closed it. */
        void closed(WsConnection connection, String serverCode, String why);
    }

    private static final int READ_BUFFER = 64 * 1024;
    /** RFC 6455's code for a connection that ended without a close frame. */
    private static final String DROPPED = "1006";

    private final WsLoop loop;
    private final InetSocketAddress server;
    private final String path;
    /** The client address a proxy would name in {@code X-Forwarded-For}; null for none. */
    private final String forwardedFor;
    private final Handler handler;
    private final ArrayDeque<ByteBuffer> outgoing = new ArrayDeque<>();
    private ByteBuffer in = ByteBuffer.allocate(READ_BUFFER);
    private SocketChannel channel;
    private SelectionKey key;
    private boolean upgraded;
    private boolean closed;
    private java.io.ByteArrayOutputStream fragments;
    /** Free for the protocol adapter and the scenario. */
    public Object state;

    WsConnection(WsLoop loop, InetSocketAddress server, String path, String forwardedFor, Handler handler) {
        this.loop = loop;
        this.server = server;
        this.path = path;
        this.forwardedFor = forwardedFor;
        this.handler = handler;
    }

    void attach(SocketChannel channel) {
        this.channel = channel;
    }

    /** Sends one text frame; from any thread. */
    public void send(String text) {
        if (loop.inLoop()) {
            write(frame(text));
        } else {
            ByteBuffer frame = frame(text);
            loop.execute(() -> write(frame));
        }
    }

    /** Runs {@code task} on this connection's loop thread, after what was handed over before it. */
    public void execute(Runnable task) {
        loop.execute(task);
    }

    public void close() {
        loop.execute(() -> shut(null, "closed by the client"));
    }

    public boolean isOpen() {
        return upgraded && !closed;
    }

    void finishConnect(SelectionKey key) {
        try {
            channel.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
            connected(key);
        } catch (IOException e) {
            failed(e);
        }
    }

    void connected(SelectionKey key) {
        this.key = key;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + server.getHostString() + ":" + server.getPort() + "\r\n"
                + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    }

    void failed(IOException e) {
        shut(DROPPED, e.toString());
    }

    void readable() {
        try {
            int read = channel.read(in);
            if (read < 0) {
                shut(DROPPED, "the server closed the connection");
                return;
            }
            loop.received(read);
            in.flip();
            if (!upgraded && !readHandshake()) {
                in.compact();
                return;
            }
            while (!closed && readFrame()) {
                // one frame at a time
            }
            if (!closed) {
                in.compact();
            }
        } catch (IOException e) {
            shut(DROPPED, e.toString());
        }
    }

    void writable() {
        try {
            flush();
        } catch (IOException e) {
            shut(DROPPED, e.toString());
        }
    }

    private boolean readHandshake() {
        int end = -1;
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                end = i + 4;
                break;
            }
        }
        if (end < 0) {
            return false;
        }
        byte[] head = new byte[end - in.position()];
        in.get(head);
        String response = new String(head, StandardCharsets.US_ASCII);
        if (!response.startsWith("HTTP/1.1 101")) {
            shut(DROPPED, "upgrade refused: " + response.lines().findFirst().orElse(""));
            return false;
        }
        upgraded = true;
        handler.opened(this);
        return true;
    }

    /** Consumes one whole frame if the buffer holds one. */
    private boolean readFrame() {
        int start = in.position();
        if (in.remaining() < 2) {
            return false;
        }
        int first = in.get(start) & 0xff;
        int second = in.get(start + 1) & 0xff;
        long length = second & 0x7f;
        int header = 2;
        if (length == 126) {
            if (in.remaining() < 4) {
                return false;
            }
            length = in.getShort(start + 2) & 0xffff;
            header = 4;
        } else if (length == 127) {
            if (in.remaining() < 10) {
                return false;
            }
            length = in.getLong(start + 2);
            header = 10;
        }
        if (in.remaining() < header + length) {
            if (header + length > in.capacity()) {
                ByteBuffer bigger = ByteBuffer.allocate((int) (header + length) * 2);
                bigger.put(in);
                bigger.flip();
                in = bigger;
            }
            return false;
        }
        byte[] payload = new byte[(int) length];
        in.position(start + header);
        in.get(payload);
        dispatch(first & 0x0f, (first & 0x80) != 0, payload);
        return true;
    }

    private void dispatch(int opcode, boolean fin, byte[] payload) {
        switch (opcode) {
            case 0x1, 0x0 -> {
                if (!fin || fragments != null) {
                    if (fragments == null) {
                        fragments = new java.io.ByteArrayOutputStream();
                    }
                    fragments.writeBytes(payload);
                    if (!fin) {
                        return;
                    }
                    payload = fragments.toByteArray();
                    fragments = null;
                }
                handler.text(this, new String(payload, StandardCharsets.UTF_8));
            }
            case 0x9 -> write(control(0xA, payload));
            case 0x8 -> {
                write(control(0x8, payload.length >= 2 ? new byte[]{payload[0], payload[1]} : new byte[0]));
                int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                shut(String.valueOf(code), "closed by the server: " + code + " "
                        + new String(payload, Math.min(2, payload.length), Math.max(0, payload.length - 2), StandardCharsets.UTF_8));
            }
            default -> {
                // pong or binary: nothing to do
            }
        }
    }

    private void write(ByteBuffer buffer) {
        if (closed) {
            return;
        }
        outgoing.add(buffer);
        try {
            flush();
        } catch (IOException e) {
            shut(DROPPED, e.toString());
        }
    }

    private void flush() throws IOException {
        while (!outgoing.isEmpty()) {
            ByteBuffer head = outgoing.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            outgoing.poll();
        }
        if (key != null && key.isValid()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void shut(String serverCode, String why) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closed anyway
        }
        handler.closed(this, serverCode, why);
    }

    private static ByteBuffer frame(String text) {
        return masked(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer control(int opcode, byte[] payload) {
        return masked(opcode, payload);
    }

    private static ByteBuffer masked(int opcode, byte[] payload) {
        int header = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + 4 + payload.length);
        frame.put((byte) (0x80 | opcode));
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        frame.putInt(mask);
        byte[] maskBytes = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ maskBytes[i & 3]));
        }
        return frame.flip();
    }
}
