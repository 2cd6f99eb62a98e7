package io.switchboard.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * @param cluster             whether topics live in the server's Hazelcast cluster, and how
 * @param sendQueueTotalBytes {@code switchboard.send-queue-total-bytes}: bytes waiting in all send queues together
 * @param retention           what the hub may keep of topics and their history, all topics together
 * @param clients             limits per client (an address, or a token's subject), whatever its connections
 * @param jwt                 how strictly token claims are checked
 * @param store               where durable topics are committed
 * @param topics              history settings for the topics matching a pattern, overriding the ones above
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
        ClusterSettings cluster,
        long sendQueueTotalBytes,
        Retention retention,
        ClientLimits clients,
        JwtChecks jwt,
        StoreSettings store,
        List<TopicSettings> topics) {

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
     * @param publishBytes                 how many bytes of publishes clients may send a second
     * @param trustedProxies               {@code switchboard.trusted-proxies}: addresses whose
     *                                     {@code X-Forwarded-For} names the client
     */
    public record ClientLimits(int maxConnections, int anonymousNewTopicsPerSecond, int userNewTopicsPerSecond,
                               PublishBytes publishBytes, List<String> trustedProxies) {
    }

    /**
     * Bytes of publish frames (or REST bodies) a second; 0 for no limit. Admins and server code are not limited.
     *
     * @param anonymous      {@code switchboard.anonymous.publish-bytes-per-second}: per address
     * @param anonymousTotal {@code switchboard.anonymous.total-publish-bytes-per-second}: all anonymous clients of
     *                       a node together, so that many addresses cannot take what token holders need
     * @param user           {@code switchboard.user.publish-bytes-per-second}: per token subject
     */
    public record PublishBytes(int anonymous, int anonymousTotal, int user) {
    }

    public static SwitchboardConfig from(Settings settings) {
        int ratePerSecond = settings.positive("switchboard.rate-per-second", 100);
        return new SwitchboardConfig(
                settings.get("switchboard.server-name").orElse("switchboard"),
                settings.positive("switchboard.max-message-bytes", 64 * 1024),
                settings.positive("switchboard.max-subscriptions", 100),
                ratePerSecond,
                settings.positive("switchboard.rate-burst", 2 * ratePerSecond),
                settings.positive("switchboard.max-connections", 10_000),
                settings.positive("switchboard.send-queue-messages", 1_000),
                settings.bytes("switchboard.send-queue-bytes", "4194304"),
                Duration.ofSeconds(settings.positive("switchboard.heartbeat-seconds", 25)),
                settings.positive("switchboard.history-size", 100),
                Duration.ofSeconds(settings.positive("switchboard.history-ttl-seconds", 300)),
                settings.get("switchboard.jwt.secret"),
                settings.list("switchboard.allowed-origins", ""),
                settings.list("switchboard.anonymous.subscribe", "public.>"),
                settings.list("switchboard.anonymous.publish", "public.>"),
                settings.get("switchboard.public-url").orElse("http://localhost:8080/"),
                Duration.ofSeconds(settings.positive("switchboard.shutdown-grace-seconds", 5)),
                ClusterSettings.from(settings),
                settings.bytes("switchboard.send-queue-total-bytes", "20%"),
                new Retention(
                        settings.bytes("switchboard.history-max-bytes", "20%"),
                        settings.bytes("switchboard.history-topic-bytes", "1048576"),
                        settings.positive("switchboard.max-topics", 100_000),
                        settings.bytes("switchboard.history-page-bytes", "1048576"),
                        settings.positive("switchboard.max-wildcard-nodes", 200_000)),
                new ClientLimits(
                        settings.positive("switchboard.client.max-connections", 200),
                        settings.positive("switchboard.anonymous.new-topics-per-second", 10),
                        settings.positive("switchboard.user.new-topics-per-second", 100),
                        new PublishBytes(
                                settings.nonNegative("switchboard.anonymous.publish-bytes-per-second", 262_144),
                                settings.nonNegative("switchboard.anonymous.total-publish-bytes-per-second",
                                        2_097_152),
                                settings.nonNegative("switchboard.user.publish-bytes-per-second", 4_194_304)),
                        settings.list("switchboard.trusted-proxies", "")),
                JwtChecks.from(settings),
                StoreSettings.from(settings),
                TopicSettings.from(settings));
    }

    /** A history answer's page: never more than half of what a client's send queue accepts. */
    public long historyPageBytes() {
        return Math.min(retention.pageBytes(), sendQueueBytes / 2);
    }

    public static SwitchboardConfig defaults() {
        return from(Settings.of(Map.of()));
    }
}
