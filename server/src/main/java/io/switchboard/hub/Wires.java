package io.switchboard.hub;

import io.switchboard.runtime.Scheduler;
import jakarta.websocket.Session;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Chooses each session's {@link Wire}: the fastest its container offers, the standard one wherever no other fits.
 * What was found about a container's session class is remembered here, for the application's life only: a cache
 * kept in the container's classes would hold on to this application's class loader after an undeploy. So are the
 * timers lent to Tyrus's sessions, whose thread ends with the application, and the frames they share
 * ({@link PreparedFrames}). Where the wire is Tyrus's, the writer
 * threads become Grizzly's kind ({@link GrizzlyThreads}).
 */
final class Wires implements AutoCloseable {

    private final Map<Class<?>, Optional<TyrusWire.Members>> tyrusMembers = new ConcurrentHashMap<>();
    private final TyrusTimers tyrusTimers = new TyrusTimers();
    private final PreparedFrames preparedFrames = new PreparedFrames();
    private final Scheduler scheduler;
    private final AtomicBoolean writersChosen = new AtomicBoolean();

    Wires(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    Wire of(Session session) {
        Optional<TyrusWire.Members> members = tyrusMembers.computeIfAbsent(session.getClass(),
                type -> TyrusWire.Members.find(type, session.getAsyncRemote().getClass()));
        Wire tyrus = TyrusWire.of(session, members, tyrusTimers, preparedFrames);
        if (tyrus == null) {
            return new AsyncRemoteWire(session);
        }
        // Tyrus sessions open on the container's network threads: the first one tells what the writers should be.
        if (writersChosen.compareAndSet(false, true)) {
            GrizzlyThreads.like(Thread.currentThread(), "writer").ifPresent(scheduler::writeFrom);
        }
        return tyrus;
    }

    @Override
    public void close() {
        tyrusTimers.shutdownNow();
    }
}
