package io.switchboard.security;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.RateLimitedException;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.Scheduler;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.topic.TopicEngine;
import io.switchboard.topic.TopicName;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits per client rather than per connection, since a client may open many connections: how many WebSocket
 * sessions it holds, how fast it brings new topics into being, and how many bytes it publishes a second. A client
 * is its token's subject, or its address when anonymous ({@link ClientAddress}); anonymous clients together also
 * share one byte rate, so that many addresses cannot take what token holders need. Admins are trusted; server
 * code is not limited. Idle entries are forgotten, so the maps stay as large as the set of active clients.
 */
@ApplicationScoped
public class ClientQuotas {

    static final Duration IDLE = Duration.ofMinutes(1);
    /** A client may bring this many seconds' worth of topics into being at once: an app subscribing at start. */
    static final int NEW_TOPICS_BURST_SECONDS = 10;
    /** A client may publish this many seconds' worth of bytes at once, and at least one message of the largest size. */
    static final int PUBLISH_BURST_SECONDS = 4;

    private final SwitchboardConfig config;
    private final Scheduler scheduler;
    private final Map<String, Integer> connections = new ConcurrentHashMap<>();
    private final Map<String, RateLimiter> newTopics = new ConcurrentHashMap<>();
    private final Map<String, ByteRate> publishBytes = new ConcurrentHashMap<>();
    /** All anonymous clients' publishes together, a second's worth at once; null without a limit. */
    private final ByteRate anonymousPublishBytes;

    /** For CDI's client proxy only. */
    protected ClientQuotas() {
        this.config = null;
        this.scheduler = null;
        this.anonymousPublishBytes = null;
    }

    @Inject
    public ClientQuotas(SwitchboardConfig config, Scheduler scheduler) {
        this.config = config;
        this.scheduler = scheduler;
        int total = config.clients().publishBytes().anonymousTotal();
        this.anonymousPublishBytes = total == 0 ? null
                : new ByteRate(total, Math.max(total, 2L * config.maxMessageBytes()), System::nanoTime);
    }

    @PostConstruct
    void start() {
        scheduler.every(IDLE, "client quota cleanup", this::forgetIdle);
    }

    /** The key limits are kept under: the subject of a token, else the address. */
    public static String client(Identity identity, String address) {
        return identity.isAnonymous() ? "address " + address : "user " + identity.user();
    }

    /** Takes one connection for {@code client}; false when it holds as many as it may. */
    public boolean connect(String client) {
        int max = config.clients().maxConnections();
        boolean[] admitted = {false};
        connections.compute(client, (key, held) -> {
            int count = held == null ? 0 : held;
            admitted[0] = count < max;
            return admitted[0] ? count + 1 : held;
        });
        return admitted[0];
    }

    /** Whether {@code client} may open one more connection, for a refusal before the upgrade. */
    public boolean mayConnect(String client) {
        return connections.getOrDefault(client, 0) < config.clients().maxConnections();
    }

    /** Gives back a connection taken with {@link #connect}. */
    public void disconnected(String client) {
        connections.computeIfPresent(client, (key, held) -> held <= 1 ? null : held - 1);
    }

    /** Charges {@code client} for {@code topic} if using it brings it into being. */
    public void admitIfNew(TopicEngine engine, TopicName topic, Identity identity, String client) {
        if (!engine.exists(topic)) {
            admitNewTopic(identity, client);
        }
    }

    /**
     * Charges {@code client} for a topic it is about to bring into being.
     *
     * @throws SwitchboardException {@code too_many_topics} when it does so faster than allowed
     */
    public void admitNewTopic(Identity identity, String client) {
        if (identity.admin()) {
            return;
        }
        int rate = identity.isAnonymous() ? config.clients().anonymousNewTopicsPerSecond()
                : config.clients().userNewTopicsPerSecond();
        RateLimiter bucket = newTopics.computeIfAbsent(client,
                c -> new RateLimiter(rate, NEW_TOPICS_BURST_SECONDS * rate, System::nanoTime));
        if (bucket.acquire() != RateLimiter.Verdict.ALLOWED) {
            throw new SwitchboardException(ErrorCode.TOO_MANY_TOPICS, "Slow down: at most " + rate
                    + " new topics a second per client; publish to or subscribe to existing topics meanwhile");
        }
    }

    /**
     * Charges {@code client} for publishing a frame (or REST body) of {@code bytes}.
     *
     * @throws RateLimitedException when the client, or anonymous clients together, publish more bytes a second
     *                              than allowed; the publish is dropped, the client stays connected
     */
    public void admitPublish(Identity identity, String client, long bytes) {
        RateLimitedException refused = publishRefusal(identity, client, bytes, true);
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * Why {@link #admitPublish} would refuse {@code bytes} from {@code client} now, or null; charges nothing. For
     * refusing a large frame before it is parsed.
     */
    public RateLimitedException publishRefusal(Identity identity, String client, long bytes) {
        return publishRefusal(identity, client, bytes, false);
    }

    private RateLimitedException publishRefusal(Identity identity, String client, long bytes, boolean charge) {
        if (identity.admin()) {
            return null;
        }
        SwitchboardConfig.PublishBytes limits = config.clients().publishBytes();
        int rate = identity.isAnonymous() ? limits.anonymous() : limits.user();
        ByteRate own = rate == 0 ? null : publishBytes.computeIfAbsent(client, c -> new ByteRate(rate,
                Math.max((long) PUBLISH_BURST_SECONDS * rate, 2L * config.maxMessageBytes()), System::nanoTime));
        if (own != null && !(charge ? own.take(bytes) : own.covers(bytes))) {
            return new RateLimitedException("Slow down: at most " + rate + " bytes of publishes a second per "
                    + (identity.isAnonymous() ? "address" : "user") + "; this one was dropped", own.secondsUntil(bytes));
        }
        ByteRate shared = identity.isAnonymous() ? anonymousPublishBytes : null;
        if (shared != null && !(charge ? shared.take(bytes) : shared.covers(bytes))) {
            if (own != null && charge) {
                own.giveBack(bytes);
            }
            return new RateLimitedException("Slow down: anonymous clients together may publish at most "
                    + limits.anonymousTotal() + " bytes a second here; this one was dropped (a token gives a client"
                    + " a limit of its own)", shared.secondsUntil(bytes));
        }
        return null;
    }

    private void forgetIdle() {
        newTopics.values().removeIf(bucket -> bucket.unusedFor(IDLE));
        publishBytes.values().removeIf(bucket -> bucket.unusedFor(IDLE));
    }
}
