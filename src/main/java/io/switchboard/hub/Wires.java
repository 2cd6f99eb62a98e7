package io.switchboard.hub;

import jakarta.websocket.Session;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses each session's {@link Wire}: the fastest its container offers, the standard one wherever no other fits.
 * What was found about a container's remote class is remembered here, for the application's life only: a cache
 * kept in the container's classes would hold on to this application's class loader after an undeploy.
 */
final class Wires {

    private final Map<Class<?>, Optional<TyrusWire.Members>> tyrusMembers = new ConcurrentHashMap<>();

    Wire of(Session session) {
        Wire tyrus = TyrusWire.of(session, tyrusMembers.computeIfAbsent(session.getAsyncRemote().getClass(),
                TyrusWire.Members::find));
        return tyrus != null ? tyrus : new AsyncRemoteWire(session);
    }
}
