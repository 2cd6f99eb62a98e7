package io.switchboard.hub;

import jakarta.websocket.Session;

import java.util.List;
import java.util.function.Consumer;

/** The standard wire: the session's asynchronous remote, one frame per send, on every container. */
final class AsyncRemoteWire implements Wire {

    private final Session session;

    AsyncRemoteWire(Session session) {
        this.session = session;
    }

    @Override
    public void write(List<String> frames, Consumer<Throwable> done) {
        if (frames.size() != 1) {
            throw new IllegalArgumentException("one frame per send, not " + frames.size());
        }
        ClassLoader caller = ContextClassLoaders.swap(ContextClassLoaders.NO_RESOURCES);
        try {
            session.getAsyncRemote().sendText(frames.get(0),
                    result -> completeInApplication(done, result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            completeInApplication(done, e);
        } finally {
            ContextClassLoaders.swap(caller);
        }
    }

    private static void completeInApplication(Consumer<Throwable> done, Throwable failure) {
        ClassLoader completing = ContextClassLoaders.swap(ContextClassLoaders.APPLICATION);
        try {
            done.accept(failure);
        } finally {
            ContextClassLoaders.swap(completing);
        }
    }

    @Override
    public int framesPerWrite() {
        return 1;
    }

    @Override
    public String name() {
        return "async-remote";
    }
}
