package io.switchboard.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
        Store store,
        List<TopicSettings> topics) {

    static final String TOPICS_PREFIX = "switchboard.topics.";

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

    /**
     * @param clockSkew {@code switchboard.jwt.clock-skew-seconds}: leeway for {@code exp}, {@code nbf}, {@code iat}
     * @param issuer    {@code switchboard.jwt.issuer}: the {@code iss} every token must carry, if set
     * @param audience  {@code switchboard.jwt.audience}: a value the token's {@code aud} must hold, if set
     * @param expiryWarning {@code switchboard.jwt.expiry-warning-seconds}: how long before its token expires a
     *                  session is told so ({@code expiring}), to send a {@code refresh}
     * @param jwksUrl   {@code switchboard.jwt.jwks-url}: an identity provider's keys (JWKS), for RS256 and ES256
     *                  tokens, if set
     * @param jwksCache {@code switchboard.jwt.jwks-cache-seconds}: how long fetched keys are used before they are
     *                  fetched again (a token signed by a key not among them fetches them at once, at most every
     *                  few seconds)
     * @param claims    where the permissions are in a token
     */
    public record JwtChecks(Duration clockSkew, Optional<String> issuer, Optional<String> audience,
                            Duration expiryWarning, Optional<java.net.URI> jwksUrl, Duration jwksCache,
                            ClaimMapping claims) {
    }

    /**
     * @param kind         {@code switchboard.store}: {@code jdbc} commits durable topics to a database before they
     *                     are acknowledged; {@code memory} keeps history in memory only
     * @param dataSource   {@code switchboard.store.datasource}: the JNDI name of a container's data source
     * @param url          {@code switchboard.store.url}: a JDBC URL Switchboard pools itself; by default an H2 file
     *                     database in the data directory
     * @param user         {@code switchboard.store.user}
     * @param password     {@code switchboard.store.password}
     * @param dataDir      {@code switchboard.data-dir}: where the embedded database lives
     * @param batchMessages {@code switchboard.store.batch-messages}: the most messages one commit carries
     * @param queueMessages {@code switchboard.store.queue-messages}: publishes waiting for a commit, all topics
     * @param queueBytes   {@code switchboard.store.queue-bytes}: their estimated heap, all topics
     */
    public record Store(StoreKind kind, Optional<String> dataSource, Optional<String> url, Optional<String> user,
                        Optional<String> password, Path dataDir, int batchMessages, int queueMessages,
                        long queueBytes) {

        /** The JDBC URL of the database Switchboard opens itself when no JNDI data source is named. */
        public String jdbcUrl() {
            // WRITE_DELAY=0: H2 writes each commit to the file before returning, so a killed process keeps it;
            // it also stops H2's background writer, whose work the store's H2Upkeep does instead.
            // DB_CLOSE_ON_EXIT=FALSE: on SIGTERM H2's own shutdown hook would close the database before the
            // graceful shutdown has committed what was appended.
            // DB_CLOSE_DELAY=-1: nor does the database close when the pool happens to hold no connection; the store
            // shuts it down when it closes, after the upkeep.
            // CACHE_SIZE=2048 (KB; H2's default is 16 MB): every page a commit writes enters H2's page cache, and in
            // 16 MB it outlived a young collection or two and was copied each time; with 2 MB, young pauses under
            // the benchmark's durable S2 went from 28 ms to 15 ms. The store reads little back: trims and expiry.
            return url.orElseGet(() -> "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("switchboard")
                    + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=-1;CACHE_SIZE=2048");
        }

        /** A database named in configuration, which the nodes of a cluster can share; not the embedded file. */
        public boolean shared() {
            return dataSource.isPresent() || url.isPresent();
        }
    }

    public enum StoreKind {
        JDBC, MEMORY;

        static StoreKind parse(String raw) {
            try {
                return valueOf(raw.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("switchboard.store must be jdbc or memory, was '" + raw + "'", e);
            }
        }
    }

    /**
     * What {@code switchboard.topics."<pattern>".*} says about the topics matching {@code pattern}; what it leaves
     * out comes from the hub-wide settings.
     *
     * @param pattern     a topic or wildcard pattern
     * @param historySize {@code .history-size}
     * @param historyTtl  {@code .history-ttl-seconds}
     * @param durable     {@code .durable}: false keeps the topics in memory even with a durable store
     */
    public record TopicSettings(String pattern, Optional<Integer> historySize, Optional<Duration> historyTtl,
                                Optional<Boolean> durable) {
    }

    /**
     * @param mode               {@code switchboard.cluster}
     * @param ringbufferCapacity {@code switchboard.cluster.ringbuffer-capacity}: messages a topic's ringbuffer keeps
     *                           (0: history-size, at least 1000), the slack a node has before it falls behind
     * @param member             the Hazelcast member the WAR runs itself where the server has none (WildFly, Tomcat)
     */
    public record ClusterSettings(ClusterMode mode, int ringbufferCapacity, MemberSettings member) {
    }

    /**
     * @param name                {@code switchboard.cluster.name}: nodes join only a cluster of the same name
     * @param members             {@code switchboard.cluster.members}: where to find the other nodes ({@code host} or
     *                            {@code host:port}); an embedded member starts only when this or Kubernetes is set
     * @param port                {@code switchboard.cluster.port}: where this member listens
     * @param networkInterface    {@code switchboard.cluster.interface}: the address to bind and announce, or a
     *                            pattern such as {@code 10.0.*.*}; by default Hazelcast picks one
     * @param kubernetesService   {@code switchboard.cluster.kubernetes.service-name}: find the other nodes through
     *                            this (headless) service's endpoints
     * @param kubernetesNamespace {@code switchboard.cluster.kubernetes.namespace}: the service's namespace; by default
     *                            the pod's own
     */
    public record MemberSettings(String name, List<String> members, int port, Optional<String> networkInterface,
                                 Optional<String> kubernetesService, Optional<String> kubernetesNamespace) {

        /** Whether anything tells an embedded member where its cluster is. */
        public boolean configured() {
            return !members.isEmpty() || kubernetesService.isPresent();
        }
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
                new ClusterSettings(ClusterMode.parse(settings.get("switchboard.cluster").orElse("auto")),
                        nonNegative(settings, "switchboard.cluster.ringbuffer-capacity", 0),
                        new MemberSettings(settings.get("switchboard.cluster.name").orElse("switchboard"),
                                list(settings, "switchboard.cluster.members", ""),
                                positive(settings, "switchboard.cluster.port", 5701),
                                settings.get("switchboard.cluster.interface"),
                                settings.get("switchboard.cluster.kubernetes.service-name"),
                                settings.get("switchboard.cluster.kubernetes.namespace"))),
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
                        new PublishBytes(
                                nonNegative(settings, "switchboard.anonymous.publish-bytes-per-second", 262_144),
                                nonNegative(settings, "switchboard.anonymous.total-publish-bytes-per-second",
                                        2_097_152),
                                nonNegative(settings, "switchboard.user.publish-bytes-per-second", 4_194_304)),
                        list(settings, "switchboard.trusted-proxies", "")),
                new JwtChecks(
                        Duration.ofSeconds(nonNegative(settings, "switchboard.jwt.clock-skew-seconds", 60)),
                        settings.get("switchboard.jwt.issuer"),
                        settings.get("switchboard.jwt.audience"),
                        Duration.ofSeconds(nonNegative(settings, "switchboard.jwt.expiry-warning-seconds", 60)),
                        settings.get("switchboard.jwt.jwks-url").map(java.net.URI::create),
                        Duration.ofSeconds(positive(settings, "switchboard.jwt.jwks-cache-seconds", 300)),
                        ClaimMapping.from(settings)),
                new Store(
                        StoreKind.parse(settings.get("switchboard.store").orElse("jdbc")),
                        settings.get("switchboard.store.datasource"),
                        settings.get("switchboard.store.url"),
                        settings.get("switchboard.store.user"),
                        settings.get("switchboard.store.password"),
                        Path.of(settings.get("switchboard.data-dir").orElse("switchboard-data")),
                        positive(settings, "switchboard.store.batch-messages", 1_000),
                        positive(settings, "switchboard.store.queue-messages", 20_000),
                        bytes(settings, "switchboard.store.queue-bytes", "5%")),
                topicSettings(settings));
    }

    /**
     * {@code switchboard.topics."orders.>".history-size=1000} and the like, grouped by pattern. The quotes are
     * optional: the pattern is what lies between the prefix and the setting's name.
     */
    static List<TopicSettings> topicSettings(Settings settings) {
        Map<String, Map<String, String>> byPattern = new LinkedHashMap<>();
        for (String name : settings.namesStartingWith(TOPICS_PREFIX)) {
            String rest = name.substring(TOPICS_PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException(name + " names no setting: use " + TOPICS_PREFIX
                        + "\"<pattern>\".history-size, .history-ttl-seconds or .durable");
            }
            String pattern = rest.substring(0, dot).replace("\"", "");
            byPattern.computeIfAbsent(pattern, p -> new LinkedHashMap<>())
                    .put(rest.substring(dot + 1), settings.get(name).orElse(""));
        }
        List<TopicSettings> result = new ArrayList<>();
        byPattern.forEach((pattern, values) -> {
            Settings these = Settings.of(values);
            for (String key : values.keySet()) {
                if (!List.of("history-size", "history-ttl-seconds", "durable").contains(key)) {
                    throw new IllegalArgumentException(TOPICS_PREFIX + "\"" + pattern + "\"." + key
                            + " is not a setting: use history-size, history-ttl-seconds or durable");
                }
            }
            String where = TOPICS_PREFIX + "\"" + pattern + "\".";
            result.add(new TopicSettings(pattern,
                    these.get("history-size").map(v -> positive(these, "history-size", where)),
                    these.get("history-ttl-seconds").map(v -> Duration.ofSeconds(
                            positive(these, "history-ttl-seconds", where))),
                    these.get("durable").map(v -> bool(v, where + "durable"))));
        });
        return List.copyOf(result);
    }

    private static int positive(Settings these, String key, String where) {
        try {
            return positive(these, key, 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    private static boolean bool(String raw, String name) {
        return switch (raw.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + raw + "'");
        };
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
