package io.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One selector thread serving many client WebSocket connections. Everything a connection does runs on its
 * loop's thread; other threads hand work over with {@link #execute}, which wakes the selector only when needed.
 */
public final class WsLoop implements AutoCloseable {

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private volatile boolean running = true;
    /** WebSocket bytes read so far, frame headers included: what the server put on the wire for us. */
    private final LongAdder bytesRead = new LongAdder();

    public WsLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens a connection; {@code handler} hears of it on this loop's thread. {@code forwardedFor}, when not null,
     * is sent as the handshake's {@code X-Forwarded-For}, as a proxy in front of the server would.
     */
    public WsConnection connect(InetSocketAddress server, String path, String forwardedFor,
                                WsConnection.Handler handler) {
        WsConnection connection = new WsConnection(this, server, path, forwardedFor, handler);
        execute(() -> {
            try {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.socket().setTcpNoDelay(true);
                connection.attach(channel);
                if (channel.connect(server)) {
                    connection.connected(channel.register(selector, SelectionKey.OP_READ, connection));
                } else {
                    channel.register(selector, SelectionKey.OP_CONNECT, connection);
                }
            } catch (IOException e) {
                connection.failed(e);
            }
        });
        return connection;
    }

    void received(int bytes) {
        bytesRead.add(bytes);
    }

    long bytesRead() {
        return bytesRead.sum();
    }

    public void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        while (running) {
            try {
                selector.select(100);
                wakeupPending.set(false);
                for (SelectionKey key : selector.selectedKeys()) {
                    WsConnection connection = (WsConnection) key.attachment();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isConnectable()) {
                        connection.finishConnect(key);
                        continue;
                    }
                    if (key.isReadable()) {
                        connection.readable();
                    }
                    if (key.isValid() && key.isWritable()) {
                        connection.writable();
                    }
                }
                selector.selectedKeys().clear();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    e.printStackTrace();
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException | InterruptedException ignored) {
            // closing anyway
        }
    }
}
