package io.switchboard.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the application, read once at start-up. The names and defaults are documented in the
 * README's configuration table; keep the two in step.
 *
 * @param serverName          {@code switchboard.server-name}: announced in {@code welcome.server.name}
 * @param maxMessageBytes     {@code switchboard.max-message-bytes}: the largest frame or REST body accepted
 * @param maxSubscriptions    {@code switchboard.max-subscriptions}: per connection
 * @param ratePerSecond       {@code switchboard.rate-per-second}: commands a connection may send each second
 * @param rateBurst           {@code switchboard.rate-burst}: commands a connection may send at once
 * @param maxConnections      {@code switchboard.max-connections}: open WebSocket sessions on this node
 * @param sendQueueMessages   {@code switchboard.send-queue-messages}: frames waiting for one slow client
 * @param sendQueueBytes      {@code switchboard.send-queue-bytes}: bytes waiting for one slow client
 * @param heartbeat           {@code switchboard.heartbeat-seconds}: interval of server pings
 * @param historySize         {@code switchboard.history-size}: messages retained per topic
 * @param historyTtl          {@code switchboard.history-ttl-seconds}: how long a message is retained
 * @param jwtSecret           {@code switchboard.jwt.secret}: HS256 secret; generated at start when absent
 * @param allowedOrigins      {@code switchboard.allowed-origins}: browser origins allowed besides the server's own
 * @param anonymousSubscribe  {@code switchboard.anonymous.subscribe}: topic patterns anonymous clients may read
 * @param anonymousPublish    {@code switchboard.anonymous.publish}: topic patterns anonymous clients may write
 * @param publicUrl           {@code switchboard.public-url}: base URL printed with the admin token at start
 * @param shutdownGrace       {@code switchboard.shutdown-grace-seconds}: how long shutdown waits for send queues
 * @param cluster             {@code switchboard.cluster}: whether topics live in the server's Hazelcast cluster
 * @param sendQueueTotalBytes {@code switchboard.send-queue-total-bytes}: bytes waiting in all send queues together
 * @param retention           what the hub may keep of topics and their history, all topics together
 * @param clients             limits per client (an address, or a token's subject), whatever its connections
 * @param jwt                 how strictly token claims are checked
 */
public record SwitchboardConfig(
        String serverName,
        int maxMessageBytes,
        int maxSubscriptions,
        int ratePerSecond,
        int rateBurst,
        int maxConnections,
        int sendQueueMessages,
        long sendQueueBytes,
        Duration heartbeat,
        int historySize,
        Duration historyTtl,
        Optional<String> jwtSecret,
        List<String> allowedOrigins,
        List<String> anonymousSubscribe,
        List<String> anonymousPublish,
        String publicUrl,
        Duration shutdownGrace,
        ClusterMode cluster,
        long sendQueueTotalBytes,
        Retention retention,
        ClientLimits clients,
        JwtChecks jwt) {

    /**
     * @param maxBytes   {@code switchboard.history-max-bytes}: retained history of all topics together; the oldest
     *                   messages are evicted beyond it
     * @param topicBytes {@code switchboard.history-topic-bytes}: retained history of one topic
     * @param maxTopics  {@code switchboard.max-topics}: topics this node keeps at once
     * @param pageBytes  {@code switchboard.history-page-bytes}: the most one history answer carries
     * @param maxWildcardNodes {@code switchboard.max-wildcard-nodes}: nodes of the wildcard subscription tree, one
     *                   per token not shared with another pattern
     */
    public record Retention(long maxBytes, long topicBytes, int maxTopics, long pageBytes, int maxWildcardNodes) {
    }

    /**
     * @param maxConnections               {@code switchboard.client.max-connections}: per address (anonymous) or
     *                                     per token subject
     * @param anonymousNewTopicsPerSecond  {@code switchboard.anonymous.new-topics-per-second}: topics one address
     *                                     may bring into being
     * @param userNewTopicsPerSecond       {@code switchboard.user.new-topics-per-second}: the same per subject
     * @param trustedProxies               {@code switchboard.trusted-proxies}: addresses whose
     *                                     {@code X-Forwarded-For} names the client
     */
    public record ClientLimits(int maxConnections, int anonymousNewTopicsPerSecond, int userNewTopicsPerSecond,
                               List<String> trustedProxies) {
    }

    /**
     * @param clockSkew {@code switchboard.jwt.clock-skew-seconds}: leeway for {@code exp}, {@code nbf}, {@code iat}
     * @param issuer    {@code switchboard.jwt.issuer}: the {@code iss} every token must carry, if set
     * @param audience  {@code switchboard.jwt.audience}: a value the token's {@code aud} must hold, if set
     */
    public record JwtChecks(Duration clockSkew, Optional<String> issuer, Optional<String> audience) {
    }

    /** {@code auto}: clustered when the server runs Hazelcast (Payara with clustering on); {@code on}: must be. */
    public enum ClusterMode {
        AUTO, ON, OFF;

        static ClusterMode parse(String raw) {
            try {
                return valueOf(raw.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("switchboard.cluster must be auto, on or off, was '" + raw + "'", e);
            }
        }
    }

    public static SwitchboardConfig from(Settings settings) {
        int ratePerSecond = positive(settings, "switchboard.rate-per-second", 100);
        return new SwitchboardConfig(
                settings.get("switchboard.server-name").orElse("switchboard"),
                positive(settings, "switchboard.max-message-bytes", 64 * 1024),
                positive(settings, "switchboard.max-subscriptions", 100),
                ratePerSecond,
                positive(settings, "switchboard.rate-burst", 2 * ratePerSecond),
                positive(settings, "switchboard.max-connections", 10_000),
                positive(settings, "switchboard.send-queue-messages", 1_000),
                bytes(settings, "switchboard.send-queue-bytes", "4194304"),
                Duration.ofSeconds(positive(settings, "switchboard.heartbeat-seconds", 25)),
                positive(settings, "switchboard.history-size", 100),
                Duration.ofSeconds(positive(settings, "switchboard.history-ttl-seconds", 300)),
                settings.get("switchboard.jwt.secret"),
                list(settings, "switchboard.allowed-origins", ""),
                list(settings, "switchboard.anonymous.subscribe", "public.>"),
                list(settings, "switchboard.anonymous.publish", "public.>"),
                settings.get("switchboard.public-url").orElse("http://localhost:8080/"),
                Duration.ofSeconds(positive(settings, "switchboard.shutdown-grace-seconds", 5)),
                ClusterMode.parse(settings.get("switchboard.cluster").orElse("auto")),
                bytes(settings, "switchboard.send-queue-total-bytes", "20%"),
                new Retention(
                        bytes(settings, "switchboard.history-max-bytes", "20%"),
                        bytes(settings, "switchboard.history-topic-bytes", "1048576"),
                        positive(settings, "switchboard.max-topics", 100_000),
                        bytes(settings, "switchboard.history-page-bytes", "1048576"),
                        positive(settings, "switchboard.max-wildcard-nodes", 200_000)),
                new ClientLimits(
                        positive(settings, "switchboard.client.max-connections", 200),
                        positive(settings, "switchboard.anonymous.new-topics-per-second", 10),
                        positive(settings, "switchboard.user.new-topics-per-second", 100),
                        list(settings, "switchboard.trusted-proxies", "")),
                new JwtChecks(
                        Duration.ofSeconds(nonNegative(settings, "switchboard.jwt.clock-skew-seconds", 60)),
                        settings.get("switchboard.jwt.issuer"),
                        settings.get("switchboard.jwt.audience")));
    }

    /** A history answer's page: never more than half of what a client's send queue accepts. */
    public long historyPageBytes() {
        return Math.min(retention.pageBytes(), sendQueueBytes / 2);
    }

    public static SwitchboardConfig defaults() {
        return from(Settings.of(java.util.Map.of()));
    }

    private static int positive(Settings settings, String name, int fallback) {
        int value = whole(settings, name, fallback);
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    private static int nonNegative(Settings settings, String name, int fallback) {
        int value = whole(settings, name, fallback);
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    private static int whole(Settings settings, String name, int fallback) {
        String raw = settings.get(name).orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + raw + "'", e);
        }
    }

    /** A number of bytes, or a percentage of the maximum heap ({@code 20%}), so that budgets scale with -Xmx. */
    static long bytes(Settings settings, String name, String fallback) {
        String raw = settings.get(name).orElse(fallback);
        try {
            long value = raw.endsWith("%")
                    ? (long) (Runtime.getRuntime().maxMemory() * Double.parseDouble(raw.substring(0, raw.length() - 1)) / 100)
                    : Long.parseLong(raw);
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, was " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of bytes or a percentage of the heap"
                    + " such as 20%, was '" + raw + "'", e);
        }
    }

    private static List<String> list(Settings settings, String name, String fallback) {
        return Arrays.stream(settings.get(name).orElse(fallback).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
