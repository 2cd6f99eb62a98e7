package io.switchboard.hub;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame.Welcome;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.Scheduler;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.security.ClientQuotas;
import io.switchboard.security.Identity;
import io.switchboard.security.RateLimiter;
import io.switchboard.topic.TopicEngine;
import io.switchboard.topic.TopicPattern;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open connections of this node, WebSocket sessions and event streams: admission (limits per node and per
 * client, identity), the welcome, cleanup when a connection ends however it ends, token expiry, and the graceful
 * close at shutdown.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private static final Logger LOG = Logger.getLogger(ConnectionRegistry.class.getName());
    static final int GOING_AWAY = CloseCodes.GOING_AWAY.getCode();
    static final int POLICY_VIOLATION = CloseCodes.VIOLATED_POLICY.getCode();
    static final int TRY_AGAIN_LATER = CloseCodes.TRY_AGAIN_LATER.getCode();

    @Inject
    SwitchboardConfig config;
    @Inject
    FrameCodec codec;
    @Inject
    TopicEngine engine;
    @Inject
    ClientQuotas quotas;
    @Inject
    HubCounters counters;
    @Inject
    HubWelcome welcome;
    @Inject
    ShutdownGate gate;
    @Inject
    TokenExpiry expiry;
    @Inject
    Scheduler scheduler;
    @Inject
    Event<SessionOpened> opened;
    @Inject
    Event<SessionClosed> closed;

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private final LingeringConnections lingering = new LingeringConnections();
    private SendBudget sendBudget;

    @PostConstruct
    void init() {
        sendBudget = new SendBudget(config.sendQueueTotalBytes());
    }

    /**
     * Admits an event stream (SSE), which carries the same frames as a WebSocket session, under the same limits
     * per node and per client; its outbox writes on the writers, as a WebSocket session's does.
     *
     * @throws SwitchboardException {@code unavailable} while shutting down or when the node is full,
     *                              {@code too_many_connections} when the client holds all it may
     */
    public Connection openStream(Identity identity, String client, Transport transport) {
        SwitchboardException refused = admit(client);
        if (refused != null) {
            throw refused;
        }
        return register(identity, client, transport, scheduler.writers(), null);
    }

    /** Counts a new connection of {@code client} in, or says why not. */
    SwitchboardException admit(String client) {
        if (gate.isStopping()) {
            return new SwitchboardException(ErrorCode.UNAVAILABLE, "server shutting down");
        }
        if (!quotas.connect(client)) {
            return new SwitchboardException(ErrorCode.TOO_MANY_CONNECTIONS, "too many connections from this client");
        }
        if (admitted.incrementAndGet() > config.maxConnections()) {
            admitted.decrementAndGet();
            quotas.disconnected(client);
            return new SwitchboardException(ErrorCode.UNAVAILABLE, "server full, try again later");
        }
        return null;
    }

    /** Lists an admitted connection, welcomes it, and watches its token's expiry. */
    Connection register(Identity identity, String client, Transport transport, Executor writers,
                        Welcome.Handshake handshake) {
        Connection connection = new Connection(newSessionId(), identity, client,
                new Outbox(transport, config.sendQueueMessages(), config.sendQueueBytes(), sendBudget, writers),
                new RateLimiter(config.ratePerSecond(), config.rateBurst(), System::nanoTime), codec,
                counters.deliveries());
        transport.afterClose((code, reason) -> closed(connection, code, reason));
        connections.put(connection.session(), connection);
        connection.reply(welcome.of(connection, handshake));
        expiry.watch(connection);
        fire(() -> opened.fire(new SessionOpened(connection.session(), connection.user())));
        return connection;
    }

    /** Forgets a connection and its subscriptions; safe to call more than once and from any thread. */
    void closed(Connection connection, int code, String reason) {
        Set<TopicPattern> subscriptions = connection.markClosed();
        if (subscriptions == null) {
            return;
        }
        connection.discard();
        subscriptions.forEach(pattern -> engine.unsubscribe(connection, pattern));
        lingering.hold(connection, () -> {
            admitted.decrementAndGet();
            quotas.disconnected(connection.client());
        });
        // Listed until the rest is undone; no longer listed, it is counted only while its socket lingers.
        connections.remove(connection.session());
        fire(() -> closed.fire(new SessionClosed(connection.session(), connection.user(), code, reason)));
    }

    /**
     * Asks one client to reconnect (1012 "service restart"), for example to move it to another node or to make
     * it authenticate again. Returns false if no such session is open here.
     */
    public boolean askToReconnect(String session, String reason) {
        Connection connection = connections.get(session);
        if (connection == null) {
            return false;
        }
        connection.close(Connection.SERVICE_RESTART, reason);
        return true;
    }

    /** What an admin sees of the open sessions. */
    public List<SessionInfo> sessions() {
        return connections.values().stream()
                .map(c -> new SessionInfo(c.session(), c.user(), c.subscriptionCount(), c.queuedFrames()))
                .sorted(Comparator.comparing(SessionInfo::session))
                .toList();
    }

    public record SessionInfo(String session, String user, int subscriptions, int queuedFrames) {
    }

    /** The open connections, for heartbeats. */
    Collection<Connection> all() {
        return connections.values();
    }

    /** Flushes every outbox and closes with 1001, so whatever was accepted reaches its subscribers first. */
    void shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        gate.close(deadline);
        LOG.info(() -> "Shutting down: flushing and closing " + connections.size() + " WebSocket sessions with 1001");
        for (Connection connection : connections.values()) {
            connection.closeAfterFlush(GOING_AWAY, "server shutting down");
        }
        ShutdownGate.awaitUntil(connections::isEmpty, deadline);
        for (Connection connection : connections.values()) {
            connection.close(GOING_AWAY, "server shutting down");
            closed(connection, GOING_AWAY, "server shutting down");
        }
        lingering.releaseAll();
    }

    /** Uncounts the connections closed here whose sockets have closed since; run now and then. */
    void releaseLingering() {
        lingering.releaseClosed();
    }

    /** Frames and bytes waiting in all send queues: how far behind the slowest clients are. */
    public SendQueues sendQueues() {
        long frames = 0;
        long bytes = 0;
        Map<String, Integer> wires = new TreeMap<>();
        for (Connection connection : connections.values()) {
            frames += connection.queuedFrames();
            bytes += connection.queuedChars();
            wires.merge(connection.wire(), 1, Integer::sum);
        }
        return new SendQueues(frames, bytes, wires);
    }

    /** What the send queues hold, and how many connections send through each {@link Wire}. */
    public record SendQueues(long frames, long bytes, Map<String, Integer> wires) {
    }

    public int count() {
        return connections.size();
    }

    private static void fire(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A session event observer failed", e);
        }
    }

    private static String newSessionId() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }
}
