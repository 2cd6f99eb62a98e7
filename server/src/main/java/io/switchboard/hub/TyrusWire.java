package io.switchboard.hub;

import jakarta.websocket.Session;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The wire on Tyrus (Payara, GlassFish): several frames framed by us and written with one call to the session's
 * {@code TyrusWebSocket.sendRawFrame}, which Tyrus itself uses for broadcasts. Through the standard remote, each
 * Tyrus send re-arms the session's idle timer even when the timeout is off, which on Payara hands a task to a
 * managed scheduler per frame, and the servlet writer writes and flushes each frame on its own: one system call
 * per frame. Here a batch of frames is one write and one flush, and no timer is touched, which is sound only
 * because Switchboard turns Tyrus's idle timeout off (heartbeats end silent sessions instead).
 *
 * <p>Tyrus also re-arms the idle timer on every message it receives, on the thread that reads it; for a session on
 * this wire that timer service is {@link TyrusTimers}, which skips the re-arm where no timeout is set.
 *
 * <p>When the server closes a session, the wire also finds Grizzly's connection under it ({@link #watchSocket}), so
 * that a session whose close is stuck behind bytes its client does not take keeps counting while that connection is
 * open ({@link LingeringConnections}).
 *
 * <p>Tyrus's classes are not the application's to link against, so the three members are found by reflection, once
 * per class ({@link Wires}); where anything differs from what was checked (another Tyrus, an idle timeout, a negotiated
 * extension that would have to transform frames), {@link #of} answers null and the standard wire is used.
 */
final class TyrusWire implements Wire {

    private static final Logger LOG = Logger.getLogger(TyrusWire.class.getName());

    /** Tyrus's three members this wire uses, found in its session and remote classes; {@link Wires} keeps them. */
    record Members(MethodHandle webSocket, MethodHandle sendRawFrame, MethodHandle timerService) {

        static Optional<Members> find(Class<?> session, Class<?> remote) {
            if (!remote.getName().startsWith("org.glassfish.tyrus.core.")
                    || !session.getName().startsWith("org.glassfish.tyrus.core.")) {
                return Optional.empty();
            }
            try {
                Field webSocket = field(remote, "webSocket");
                webSocket.setAccessible(true);
                Method sendRawFrame = webSocket.getType().getMethod("sendRawFrame", ByteBuffer.class);
                Class<?> future = Class.forName("org.glassfish.tyrus.core.TyrusFuture", false, remote.getClassLoader());
                if (!CompletableFuture.class.isAssignableFrom(future)) {
                    throw new NoSuchMethodException("TyrusFuture is no CompletableFuture here");
                }
                Field timerService = field(session, "service");
                if (timerService.getType() != ScheduledExecutorService.class) {
                    throw new NoSuchFieldException("the session's service is no ScheduledExecutorService here");
                }
                timerService.setAccessible(true);
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                LOG.info(() -> "Sending through Tyrus's raw frames, several frames per write ("
                        + remote.getName() + ")");
                return Optional.of(new Members(lookup.unreflectGetter(webSocket), lookup.unreflect(sendRawFrame),
                        lookup.unreflectSetter(timerService)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.WARNING, "This Tyrus differs from the one Switchboard knows; sending through the "
                        + "standard remote, one frame per send", e);
                return Optional.empty();
            }
        }

        private static Field field(Class<?> type, String name) throws NoSuchFieldException {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    return c.getDeclaredField(name);
                } catch (NoSuchFieldException notHere) {
                    // a superclass declares it
                }
            }
            throw new NoSuchFieldException(name);
        }
    }

    private final Object webSocket;
    private final MethodHandle sendRawFrame;
    private final PreparedFrames prepared;
    /**
     * Grizzly's connection under the session and its {@code isOpen}, found when the server closes the session
     * ({@link #watchSocket}); null until then, or where they are not there.
     */
    private volatile MethodHandle socketIsOpen;

    private TyrusWire(Object webSocket, MethodHandle sendRawFrame, PreparedFrames prepared) {
        this.webSocket = webSocket;
        this.sendRawFrame = sendRawFrame;
        this.prepared = prepared;
    }

    @Override
    public void watchSocket() {
        Object socket = grizzlyConnection(webSocket);
        if (socket == null) {
            return;
        }
        try {
            Method isOpen = socket.getClass().getMethod("isOpen");
            isOpen.setAccessible(true);
            socketIsOpen = MethodHandles.lookup().unreflect(isOpen).bindTo(socket);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "Cannot ask a Grizzly connection whether it is open", e);
        }
    }

    /**
     * The socket under a Tyrus session on Payara, found while the session is still open (once the connection has
     * ended, its buffers may be recycled for another): Tyrus's servlet writer, its servlet output stream and buffer,
     * Grizzly's output buffer and connection. (The upgrade handler the writer knows is not the one the container
     * initialised, so its own state says nothing.) Null where any of it differs.
     */
    private static Object grizzlyConnection(Object webSocket) {
        try {
            Object output = read(read(read(read(webSocket, "protocolHandler"), "writer"), "servletOutputStream"), "ob");
            return read(read(output, "grizzlyOutputBuffer"), "connection");
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "No Grizzly connection found under this Tyrus session", e);
            return null;
        }
    }

    private static Object read(Object owner, String name) throws ReflectiveOperationException {
        Field field = Members.field(owner.getClass(), name);
        field.setAccessible(true);
        return field.get(owner);
    }

    /** Whether Grizzly's connection is open; false where it was not found or cannot be asked. */
    @Override
    public boolean socketOpen() {
        MethodHandle isOpen = socketIsOpen;
        if (isOpen == null) {
            return false;
        }
        try {
            return (boolean) isOpen.invoke();
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            LOG.log(Level.FINE, "Cannot ask a Grizzly connection whether it is open", e);
            return false;
        }
    }

    /**
     * The Tyrus wire for this session, with {@code timers} as its timer service and frames framed by
     * {@code prepared}, or null where it does not fit.
     */
    static TyrusWire of(Session session, Optional<Members> members, ScheduledExecutorService timers,
                        PreparedFrames prepared) {
        if (session.getMaxIdleTimeout() > 0 || !session.getNegotiatedExtensions().isEmpty() || members.isEmpty()) {
            return null;
        }
        try {
            Object webSocket = members.get().webSocket().invoke(session.getAsyncRemote());
            members.get().timerService().invoke(session, timers);
            return new TyrusWire(webSocket, members.get().sendRawFrame(), prepared);
        } catch (Throwable e) {
            LOG.log(Level.FINE, "No Tyrus web socket behind this remote", e);
            return null;
        }
    }

    @Override
    public void write(List<String> frames, Consumer<Throwable> done) {
        CompletableFuture<?> written;
        try {
            written = (CompletableFuture<?>) (Future<?>) sendRawFrame.invoke(webSocket, framed(frames, prepared));
        } catch (Throwable e) {
            done.accept(e);
            return;
        }
        written.whenComplete((frame, failure) -> done.accept(failure instanceof CompletionException
                ? failure.getCause() : failure));
    }

    /**
     * {@code frames} in one buffer, one after the other: a lone frame's shared bytes as they are (Tyrus and
     * Grizzly only read what they write), several copied together.
     */
    static ByteBuffer framed(List<String> frames, PreparedFrames prepared) {
        if (frames.size() == 1) {
            return ByteBuffer.wrap(prepared.framed(frames.get(0)));
        }
        byte[][] parts = new byte[frames.size()][];
        int size = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = prepared.framed(frames.get(i));
            size += parts[i].length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.flip();
    }

    @Override
    public int framesPerWrite() {
        return 64;
    }

    @Override
    public String name() {
        return "tyrus-raw-frames";
    }
}
