package io.switchboard.testkit;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.SwitchboardListener;
import io.switchboard.protocol.ServerFrame;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The joins and leaves a client hears on the topics it subscribed to with {@code presence}, in order, for a test to
 * await. A failed wait says what came instead.
 */
public final class PresenceEvents implements SwitchboardListener {

    private final BlockingQueue<ServerFrame> events = new LinkedBlockingQueue<>();

    private PresenceEvents() {
    }

    /** Starts listening to {@code client}'s presence events. */
    public static PresenceEvents of(SwitchboardClient client) {
        PresenceEvents events = new PresenceEvents();
        client.addListener(events);
        return events;
    }

    @Override
    public void onJoin(ServerFrame.Join join) {
        events.add(join);
    }

    @Override
    public void onLeave(ServerFrame.Leave leave) {
        events.add(leave);
    }

    /** The next event, which must be a join. */
    public ServerFrame.Join awaitJoin(Duration within) {
        return next(ServerFrame.Join.class, within);
    }

    /** The next event, which must be a leave. */
    public ServerFrame.Leave awaitLeave(Duration within) {
        return next(ServerFrame.Leave.class, within);
    }

    private <E extends ServerFrame> E next(Class<E> kind, Duration within) {
        ServerFrame event;
        try {
            event = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for a " + kind.getSimpleName(), e);
        }
        if (!kind.isInstance(event)) {
            throw new AssertionError("Expected a " + kind.getSimpleName() + " within " + within + ", but "
                    + (event == null ? "none came" : "this came: " + event));
        }
        return kind.cast(event);
    }
}
