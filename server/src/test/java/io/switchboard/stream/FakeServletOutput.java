package io.switchboard.stream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A servlet output in non-blocking mode whose client reads when the test says: it takes {@code takes} more writes,
 * then is not ready until the test plays the container and calls the listener's onWritePossible. Counts writers
 * at once, which must never exceed one, and can hold a write under way.
 */
final class FakeServletOutput extends ServletOutputStream {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicInteger atOnce = new AtomicInteger();
    volatile int takes = Integer.MAX_VALUE;
    volatile boolean broken;
    volatile int mostAtOnce;
    volatile WriteListener listener;
    int flushes;
    /** While set, a write waits for it: a write under way on its thread when the test acts on another. */
    volatile CountDownLatch holdWrites;
    /** Counted down as a write starts. */
    final CountDownLatch writing = new CountDownLatch(1);

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
            writing.countDown();
            awaitHold();
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

    private void awaitHold() throws IOException {
        CountDownLatch hold = holdWrites;
        try {
            if (hold != null && !hold.await(10, TimeUnit.SECONDS)) {
                throw new IOException("the test never let the write go on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
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
