package io.switchboard.hub;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.security.Identity;
import io.switchboard.security.RateLimiter;
import io.switchboard.topic.Publication;
import io.switchboard.topic.Subscriber;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * One WebSocket session or event stream as the hub sees it: who it is, what it subscribed to, how fast it may talk,
 * and the outbox every frame to it goes through.
 */
public final class Connection implements Subscriber {

    static final int SERVICE_RESTART = 1012;

    private final String session;
    /** Replaced by a {@code refresh}, with the same subject. */
    private volatile Identity identity;
    /** Who the limits per client count this connection against: its token's subject, or its address. */
    private final String client;
    private final Outbox outbox;
    private final RateLimiter rateLimiter;
    private final FrameCodec codec;
    /** The hub's counter itself, not its CDI proxy: a call through the proxy costs a reflective call per delivery. */
    private final LongAdder deliveries;
    /** Guarded by {@code this}, like {@link #closed}: claiming races with closing. */
    private final Set<TopicPattern> subscriptions = new HashSet<>();
    private boolean closed;
    private volatile long lastHeardNanos = System.nanoTime();
    /** The timers of the current token: the warning, then the close; guarded by {@code this}. */
    private Future<?> expiryWarning;
    private Future<?> expiry;

    Connection(String session, Identity identity, String client, Outbox outbox, RateLimiter rateLimiter,
               FrameCodec codec, LongAdder deliveries) {
        this.session = session;
        this.identity = identity;
        this.client = client;
        this.outbox = outbox;
        this.rateLimiter = rateLimiter;
        this.codec = codec;
        this.deliveries = deliveries;
    }

    @Override
    public String session() {
        return session;
    }

    @Override
    public String user() {
        return identity.user();
    }

    public Identity identity() {
        return identity;
    }

    /**
     * Takes the identity of a refreshed token and returns the subscriptions it no longer allows, already released.
     * The engine asks {@link #mayRead} on every wildcard delivery, so a narrower token applies to those at once.
     */
    synchronized Set<TopicPattern> reidentify(Identity next) {
        identity = next;
        Set<TopicPattern> revoked = new HashSet<>();
        for (TopicPattern pattern : subscriptions) {
            if (!next.maySubscribe(pattern)) {
                revoked.add(pattern);
            }
        }
        subscriptions.removeAll(revoked);
        return revoked;
    }

    String client() {
        return client;
    }

    @Override
    public boolean mayRead(TopicName topic) {
        return identity.canRead(topic);
    }

    @Override
    public void deliver(Publication publication, String frame) {
        if (outbox.offer(frame)) {
            deliveries.increment();
        }
    }

    @Override
    public long roomChars() {
        return outbox.roomChars();
    }

    @Override
    public long roomFrames() {
        return outbox.roomFrames();
    }

    @Override
    public void send(String frame) {
        outbox.offer(frame);
    }

    /** 1012, as an admin's request to reconnect: the client resumes each topic, and is told what is gone. */
    @Override
    public void missed(TopicName topic, long firstOffset, long lastOffset) {
        close(SERVICE_RESTART, "this node missed messages of " + topic + "; reconnect to resume");
    }

    void reply(ServerFrame frame) {
        outbox.offer(codec.encode(frame));
    }

    RateLimiter.Verdict admit() {
        return rateLimiter.acquire();
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /** How long the client has said nothing; only counts for a client that answers pings. */
    long silentNanos() {
        return outbox.answersPings() ? System.nanoTime() - lastHeardNanos : 0;
    }

    void ping() {
        outbox.offerPing();
    }

    void close(int code, String reason) {
        outbox.close(code, reason);
    }

    /** Drops what is queued once the session is gone; nothing is sent. */
    void discard() {
        outbox.discard();
    }

    void closeAfterFlush(int code, String reason) {
        outbox.closeAfterFlush(code, reason);
    }

    /** Closed by the server, with its socket still open ({@link LingeringConnections}). */
    boolean lingers() {
        return outbox.lingers();
    }

    String wire() {
        return outbox.wire();
    }

    int queuedFrames() {
        return outbox.queuedFrames();
    }

    long queuedChars() {
        return outbox.queuedChars();
    }

    synchronized void claim(TopicPattern pattern, int maxSubscriptions) {
        if (closed) {
            throw new SwitchboardException(ErrorCode.BAD_REQUEST, "The connection is closing");
        }
        if (subscriptions.contains(pattern)) {
            throw new SwitchboardException(ErrorCode.BAD_REQUEST, "Already subscribed to '" + pattern + "'");
        }
        if (subscriptions.size() >= maxSubscriptions) {
            throw new SwitchboardException(ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "A connection may hold " + maxSubscriptions + " subscriptions; unsubscribe from one first");
        }
        subscriptions.add(pattern);
    }

    synchronized boolean release(TopicPattern pattern) {
        return subscriptions.remove(pattern);
    }

    synchronized int subscriptionCount() {
        return subscriptions.size();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * The timers of this session's token: the warning and the close. They replace those of the token before, and
     * are cancelled when the session ends first (at once, if it has ended already).
     */
    synchronized void expiresWith(Future<?> warning, Future<?> close) {
        cancelExpiry();
        expiryWarning = warning;
        expiry = close;
        if (closed) {
            cancelExpiry();
        }
    }

    private void cancelExpiry() {
        for (Future<?> timer : new Future<?>[]{expiryWarning, expiry}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** Marks the connection closed once; returns its subscriptions to undo, or null if it was closed already. */
    synchronized Set<TopicPattern> markClosed() {
        if (closed) {
            return null;
        }
        closed = true;
        cancelExpiry();
        Set<TopicPattern> held = Set.copyOf(subscriptions);
        subscriptions.clear();
        return held;
    }
}
