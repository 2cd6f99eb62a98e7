package io.switchboard.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    static final String PREFIX = "switchboard.topics.";

    /**
     * {@code switchboard.topics."orders.>".history-size=1000} and the like, grouped by pattern. The quotes are
     * optional: the pattern is what lies between the prefix and the setting's name.
     */
    static List<TopicSettings> from(Settings settings) {
        Map<String, Map<String, String>> byPattern = new LinkedHashMap<>();
        for (String name : settings.namesStartingWith(PREFIX)) {
            String rest = name.substring(PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException(name + " names no setting: use " + PREFIX
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
                    throw new IllegalArgumentException(PREFIX + "\"" + pattern + "\"." + key
                            + " is not a setting: use history-size, history-ttl-seconds or durable");
                }
            }
            String where = PREFIX + "\"" + pattern + "\".";
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
            return these.positive(key, 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    private static boolean bool(String raw, String name) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + raw + "'");
        };
    }
}
