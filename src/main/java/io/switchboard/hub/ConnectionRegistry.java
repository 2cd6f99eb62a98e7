package io.switchboard.hub;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame.Welcome;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.BuildInfo;
import io.switchboard.runtime.Scheduler;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.security.Identity;
import io.switchboard.security.IdentityPrincipal;
import io.switchboard.security.TokenService;
import io.switchboard.topic.TopicEngine;
import io.switchboard.topic.TopicPattern;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open connections of this node: admission (connection limit, identity), the welcome, cleanup when a
 * session ends however it ends, heartbeats, token expiry, and the graceful close at shutdown.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private static final Logger LOG = Logger.getLogger(ConnectionRegistry.class.getName());
    static final int GOING_AWAY = CloseCodes.GOING_AWAY.getCode();
    static final int POLICY_VIOLATION = CloseCodes.VIOLATED_POLICY.getCode();
    static final int TRY_AGAIN_LATER = CloseCodes.TRY_AGAIN_LATER.getCode();
    private static final int TEXT_PART_CHARS = 2048;

    @Inject
    SwitchboardConfig config;
    @Inject
    FrameCodec codec;
    @Inject
    TopicEngine engine;
    @Inject
    TokenService tokens;
    @Inject
    HubCounters counters;
    @Inject
    Scheduler scheduler;
    @Inject
    Event<SessionOpened> opened;
    @Inject
    Event<SessionClosed> closed;

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    /** Proof that a request was admitted before shutdown began; close it when the request is done. */
    public interface Admission extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Admits a request that may publish. Shutdown waits for admitted requests before it flushes the send queues,
     * so nothing is acknowledged that subscribers will not get.
     *
     * @throws SwitchboardException {@code unavailable} once shutdown has begun
     */
    public Admission admit() {
        inFlight.incrementAndGet();
        if (stopping) {
            inFlight.decrementAndGet();
            throw new SwitchboardException(ErrorCode.UNAVAILABLE,
                    "The server is shutting down; reconnect and try again");
        }
        return inFlight::decrementAndGet;
    }

    /** Admits a new session, or closes it (1001, 1008, 1013) and returns null. */
    Connection open(Session session, Map<String, Object> handshakeProperties) {
        if (stopping) {
            closeRefused(session, GOING_AWAY, "server shutting down");
            return null;
        }
        Identity identity;
        try {
            identity = identityOf(handshakeProperties);
        } catch (SwitchboardException e) {
            closeRefused(session, POLICY_VIOLATION, "bad token: " + e.getMessage());
            return null;
        }
        if (admitted.incrementAndGet() > config.maxConnections()) {
            admitted.decrementAndGet();
            closeRefused(session, TRY_AGAIN_LATER, "server full, try again later");
            return null;
        }
        // Text arrives in parts of up to this many chars where the container splits messages (Tomcat keeps a buffer
        // of this size per session); HubEndpoint's FrameDecoder assembles them and enforces max-message-bytes.
        session.setMaxTextMessageBufferSize(TEXT_PART_CHARS);
        session.setMaxBinaryMessageBufferSize(1024);
        session.setMaxIdleTimeout(0);
        // A send that never completes would stall the session's single writer; fail it, and close the session.
        session.getAsyncRemote().setSendTimeout(2 * config.heartbeat().toMillis());

        SessionTransport transport = new SessionTransport(session, scheduler.worker());
        Connection connection = new Connection(newSessionId(), identity,
                new Outbox(transport, config.sendQueueMessages(), config.sendQueueBytes()),
                new RateLimiter(config.ratePerSecond(), config.rateBurst(), System::nanoTime), codec,
                counters.deliveries());
        transport.afterClose((code, reason) -> closed(connection, code, reason));
        connections.put(connection.session(), connection);
        connection.reply(welcome(connection, (Welcome.Handshake) handshakeProperties.get(HandshakeConfigurator.HANDSHAKE)));
        // The session keeps its user properties for its whole life; the handshake is needed only until here.
        handshakeProperties.keySet().removeAll(HandshakeConfigurator.CAPTURED);
        scheduleExpiry(connection);
        fire(() -> opened.fire(new SessionOpened(connection.session(), connection.user())));
        return connection;
    }

    /** Forgets a connection and its subscriptions; safe to call more than once and from any thread. */
    void closed(Connection connection, int code, String reason) {
        Set<TopicPattern> subscriptions = connection.markClosed();
        if (subscriptions == null) {
            return;
        }
        connections.remove(connection.session());
        admitted.decrementAndGet();
        connection.discard();
        subscriptions.forEach(pattern -> engine.unsubscribe(connection, pattern));
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
        connection.close(CloseCodes.SERVICE_RESTART.getCode(), reason);
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

    /** Pings every connection and ends those silent for two heartbeats. */
    void heartbeat() {
        long deadline = 2 * config.heartbeat().toNanos();
        for (Connection connection : connections.values()) {
            if (connection.silentNanos() > deadline) {
                connection.close(GOING_AWAY, "missed heartbeats");
            } else {
                connection.ping();
            }
        }
    }

    /** Flushes every outbox and closes with 1001, so whatever was accepted reaches its subscribers first. */
    void shutdown(Duration grace) {
        stopping = true;
        LOG.info(() -> "Shutting down: flushing and closing " + connections.size() + " WebSocket sessions with 1001");
        long deadline = System.nanoTime() + grace.toNanos();
        awaitUntil(() -> inFlight.get() == 0, deadline);
        for (Connection connection : connections.values()) {
            connection.closeAfterFlush(GOING_AWAY, "server shutting down");
        }
        awaitUntil(connections::isEmpty, deadline);
        for (Connection connection : connections.values()) {
            connection.close(GOING_AWAY, "server shutting down");
            closed(connection, GOING_AWAY, "server shutting down");
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, long deadlineNanos) {
        while (!condition.getAsBoolean() && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public boolean isStopping() {
        return stopping;
    }

    /** Frames and bytes waiting in all send queues: how far behind the slowest clients are. */
    public SendQueues sendQueues() {
        long frames = 0;
        long bytes = 0;
        for (Connection connection : connections.values()) {
            frames += connection.queuedFrames();
            bytes += connection.queuedChars();
        }
        return new SendQueues(frames, bytes);
    }

    public record SendQueues(long frames, long bytes) {
    }

    public int count() {
        return connections.size();
    }

    private Identity identityOf(Map<String, Object> handshakeProperties) {
        if (handshakeProperties.get(HandshakeConfigurator.PRINCIPAL) instanceof IdentityPrincipal principal) {
            return principal.identity();
        }
        // The handshake gate did not run (another server's filter order): verify here, refusing with 1008.
        return tokens.authenticate((String) handshakeProperties.get(HandshakeConfigurator.TOKEN));
    }

    private Welcome welcome(Connection connection, Welcome.Handshake handshake) {
        return new Welcome(connection.session(), connection.user(),
                new Welcome.Server(config.serverName(), BuildInfo.version()),
                config.heartbeat().toSeconds(),
                new Welcome.Limits(config.maxMessageBytes(), config.maxSubscriptions(), config.ratePerSecond()),
                handshake);
    }

    private void scheduleExpiry(Connection connection) {
        Instant expiry = connection.identity().expiresAt();
        if (expiry != null) {
            Duration left = Duration.between(Instant.now(), expiry);
            connection.expiresWith(scheduler.after(left.isNegative() ? Duration.ZERO : left, "token expiry",
                    () -> connection.close(POLICY_VIOLATION, "token expired")));
        }
    }

    private void closeRefused(Session session, int code, String reason) {
        new SessionTransport(session, scheduler.worker()).close(code, reason);
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
