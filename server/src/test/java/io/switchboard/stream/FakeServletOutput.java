package io.switchboard.stream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A servlet output in non-blocking mode whose client reads when the test says: it takes {@code takes} more writes,
 * then is not ready until the test plays the container and calls the listener's onWritePossible. Counts writers
 * at once, which must never exceed one.
 */
final class FakeServletOutput extends ServletOutputStream {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicInteger atOnce = new AtomicInteger();
    volatile int takes = Integer.MAX_VALUE;
    volatile boolean broken;
    volatile int mostAtOnce;
    volatile WriteListener listener;
    int flushes;

    @Override
    public boolean isReady() {
        return takes > 0;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        this.listener = listener;
    }

    @Override
    public void write(int b) {
        throw new UnsupportedOperationException("writes come as arrays");
    }

    @Override
    public void write(byte[] b) throws IOException {
        enter();
        try {
            if (broken) {
                throw new IOException("broken pipe");
            }
            synchronized (bytes) {
                bytes.write(b);
            }
            takes--;
        } finally {
            atOnce.decrementAndGet();
        }
    }

    @Override
    public void flush() {
        enter();
        flushes++;
        atOnce.decrementAndGet();
    }

    private void enter() {
        mostAtOnce = Math.max(mostAtOnce, atOnce.incrementAndGet());
    }

    /** The client reads all it was sent: the container calls back. */
    void clientReads() throws IOException {
        takes = Integer.MAX_VALUE;
        listener.onWritePossible();
    }

    String written() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
