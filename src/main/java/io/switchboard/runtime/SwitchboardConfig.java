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
        ClusterMode cluster) {

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
                positive(settings, "switchboard.send-queue-bytes", 4 * 1024 * 1024),
                Duration.ofSeconds(positive(settings, "switchboard.heartbeat-seconds", 25)),
                positive(settings, "switchboard.history-size", 100),
                Duration.ofSeconds(positive(settings, "switchboard.history-ttl-seconds", 300)),
                settings.get("switchboard.jwt.secret"),
                list(settings, "switchboard.allowed-origins", ""),
                list(settings, "switchboard.anonymous.subscribe", "public.>"),
                list(settings, "switchboard.anonymous.publish", "public.>"),
                settings.get("switchboard.public-url").orElse("http://localhost:8080/"),
                Duration.ofSeconds(positive(settings, "switchboard.shutdown-grace-seconds", 5)),
                ClusterMode.parse(settings.get("switchboard.cluster").orElse("auto")));
    }

    public static SwitchboardConfig defaults() {
        return from(Settings.of(java.util.Map.of()));
    }

    private static int positive(Settings settings, String name, int fallback) {
        String raw = settings.get(name).orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, was " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + raw + "'", e);
        }
    }

    private static List<String> list(Settings settings, String name, String fallback) {
        return Arrays.stream(settings.get(name).orElse(fallback).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
