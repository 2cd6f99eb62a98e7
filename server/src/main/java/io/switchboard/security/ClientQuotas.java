package io.switchboard.security;

import io.switchboard.protocol.ErrorCode;
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
 * sessions it holds, and how fast it brings new topics into being. A client is its token's subject, or its
 * address when anonymous ({@link ClientAddress}). Admins are trusted with topics; server code is not limited.
 * Idle entries are forgotten, so the maps stay as large as the set of active clients.
 */
@ApplicationScoped
public class ClientQuotas {

    static final Duration IDLE = Duration.ofMinutes(1);
    /** A client may bring this many seconds' worth of topics into being at once: an app subscribing at start. */
    static final int NEW_TOPICS_BURST_SECONDS = 10;

    @Inject
    SwitchboardConfig config;
    @Inject
    Scheduler scheduler;

    private final Map<String, Integer> connections = new ConcurrentHashMap<>();
    private final Map<String, RateLimiter> newTopics = new ConcurrentHashMap<>();

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

    private void forgetIdle() {
        newTopics.values().removeIf(bucket -> bucket.unusedFor(IDLE));
    }
}
