package io.switchboard.hub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections the server has closed whose sockets are still open: their client takes no bytes, so the container
 * cannot write the close and keeps the connection, with what it queued for it, for as long as the client does
 * (Tyrus on Payara; see {@link Transport#lingers()}). Until the socket has closed, such a connection still counts
 * under its client's and the node's connection limits; otherwise a client could get its stalled sessions closed,
 * reconnect, and pile up what the container holds for the old ones.
 */
final class LingeringConnections {

    private final Map<Connection, Runnable> held = new ConcurrentHashMap<>();

    /** Keeps {@code connection} counted; {@code uncount} runs once its socket has closed. */
    void hold(Connection connection, Runnable uncount) {
        held.put(connection, uncount);
        releaseIfClosed(connection); // its socket may have closed meanwhile
    }

    /** Releases those whose sockets have closed; run now and then. */
    void releaseClosed() {
        held.keySet().forEach(this::releaseIfClosed);
    }

    private void releaseIfClosed(Connection connection) {
        if (!connection.lingers()) {
            release(connection);
        }
    }

    /** Releases all, for a shutdown. */
    void releaseAll() {
        held.keySet().forEach(this::release);
    }

    private void release(Connection connection) {
        Runnable uncount = held.remove(connection);
        if (uncount != null) {
            uncount.run();
        }
    }
}
