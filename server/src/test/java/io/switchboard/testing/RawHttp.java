package io.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP written byte by byte, for requests no well-behaved client sends: a body that never arrives in full, or
 * one that keeps coming. What the server answers, and when, is the point of such tests.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** The status code and body of the answer to a request whose head is sent, and then only {@code body}. */
    public record Answer(int status, String text) {
    }

    /**
     * Sends {@code head} (the request line and headers, without the blank line) and {@code body}, without closing,
     * and reads the answer until the server closes or goes quiet for a second.
     */
    public static Answer exchange(URI base, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body);
                out.flush();
            } catch (IOException closedEarly) {
                // the server answered and closed before taking the whole body: what we wanted to see
            }
            return read(socket);
        }
    }

    private static Answer read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
                socket.setSoTimeout(1000); // once the answer has begun, a pause means it is complete
            }
        } catch (SocketTimeoutException | java.net.SocketException quietOrReset) {
            // an answer with keep-alive never closes; a reset may follow a refusal
        }
        String text = answer.toString(StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 ")) {
            throw new IOException("no HTTP answer: " + text);
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), text);
    }

    /**
     * Sends {@code head} (the request line and headers, without the blank line) and never reads the answer, on a
     * socket with the smallest receive buffer: a client that has stopped reading, whose server soon cannot write.
     */
    public static Socket unread(URI base, String head) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024); // before connecting, so that the window offered stays small
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        socket.getOutputStream().write((head + "\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }
}
