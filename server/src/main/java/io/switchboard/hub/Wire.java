package io.switchboard.hub;

import java.util.List;
import java.util.function.Consumer;

/**
 * How one session's text frames reach its socket: the only container-specific code of the send path. The
 * standard asynchronous remote works everywhere, one frame per send; where the container is Tyrus (Payara,
 * GlassFish), {@link TyrusWire} writes several frames at once and skips what makes each Tyrus send expensive.
 * {@link Wires} chooses one per session; the integration tests check each server's choice on that server.
 */
interface Wire {

    /** Starts writing {@code frames}, in order, and returns; {@code done} gets null or the failure, maybe at once. */
    void write(List<String> frames, Consumer<Throwable> done);

    /** Most frames one {@link #write} takes: 1 where each frame is a send of its own. */
    int framesPerWrite();

    /** A name for the stats and the logs. */
    String name();

    /** Finds the socket under the session, before the server closes it, for {@link #socketOpen}. */
    default void watchSocket() {
    }

    /** Whether the watched socket is still open, where the container lets us see it; else false. */
    default boolean socketOpen() {
        return false;
    }
}
