package io.switchboard.topic;

import io.switchboard.protocol.TopicWildcards;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.runtime.StoreKind;
import io.switchboard.runtime.TopicSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Each topic's {@link TopicPolicy}: the hub-wide history settings, overridden by the most specific
 * {@code switchboard.topics."<pattern>"} that matches it (an exact topic before any pattern, more tokens before
 * fewer, {@code *} before {@code >}). {@code sys.} topics are reports that the next one replaces: they stay in
 * memory whatever the configuration says.
 */
public final class TopicPolicies {

    private static final TopicPattern SYSTEM = TopicPattern.of("sys.>");

    private final TopicPolicy defaults;
    private final List<Rule> rules;
    private final boolean stored;

    private record Rule(TopicPattern pattern, TopicSettings settings) {
    }

    private TopicPolicies(TopicPolicy defaults, List<Rule> rules, boolean stored) {
        this.defaults = defaults;
        this.rules = rules;
        this.stored = stored;
    }

    /** The configured policies, durable ones included when {@code switchboard.store} is {@code jdbc}. */
    public static TopicPolicies from(SwitchboardConfig config) {
        return of(config, config.store().kind() == StoreKind.JDBC);
    }

    /** The configured policies for an engine that has no store: every topic in memory. */
    public static TopicPolicies inMemory(SwitchboardConfig config) {
        return of(config, false);
    }

    private static TopicPolicies of(SwitchboardConfig config, boolean stored) {
        TopicPolicy defaults = new TopicPolicy(config.historySize(), config.historyTtl(), stored);
        List<Rule> rules = new ArrayList<>();
        for (TopicSettings settings : config.topics()) {
            rules.add(new Rule(TopicPattern.of(settings.pattern()), settings));
        }
        rules.sort(Comparator.comparing(Rule::pattern, TopicPolicies::bySpecificity));
        return new TopicPolicies(defaults, List.copyOf(rules), stored);
    }

    public TopicPolicy of(TopicName topic) {
        TopicPolicy policy = defaults;
        for (Rule rule : rules) {
            if (rule.pattern.matches(topic)) {
                TopicSettings s = rule.settings;
                policy = new TopicPolicy(s.historySize().orElse(defaults.historySize()),
                        s.historyTtl().orElse(defaults.historyTtl()), s.durable().orElse(defaults.durable()));
                break;
            }
        }
        if (policy.durable() && (!stored || SYSTEM.matches(topic))) {
            policy = new TopicPolicy(policy.historySize(), policy.historyTtl(), false);
        }
        return policy;
    }

    /** Whether any topic may be durable: without, the engine needs no store. */
    public boolean anyDurable() {
        return stored && (defaults.durable() || rules.stream().anyMatch(r -> r.settings.durable().orElse(false)));
    }

    /** The most messages any topic retains. */
    public int maxHistorySize() {
        return rules.stream().mapToInt(r -> r.settings.historySize().orElse(0))
                .reduce(defaults.historySize(), Math::max);
    }

    /** The longest any topic retains a message. */
    public Duration maxHistoryTtl() {
        return rules.stream().map(r -> r.settings.historyTtl().orElse(Duration.ZERO))
                .reduce(defaults.historyTtl(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    /** Negative when {@code a} is the more specific pattern. */
    static int bySpecificity(TopicPattern a, TopicPattern b) {
        String[] ta = a.tokens();
        String[] tb = b.tokens();
        boolean tailA = ta[ta.length - 1].equals(TopicWildcards.ONE_OR_MORE_TOKENS);
        boolean tailB = tb[tb.length - 1].equals(TopicWildcards.ONE_OR_MORE_TOKENS);
        int literalsA = literals(ta);
        int literalsB = literals(tb);
        if (literalsA != literalsB) {
            return Integer.compare(literalsB, literalsA);
        }
        if (tailA != tailB) {
            return tailA ? 1 : -1;
        }
        return Integer.compare(tb.length, ta.length);
    }

    private static int literals(String[] tokens) {
        int count = 0;
        for (String token : tokens) {
            if (!token.equals(TopicWildcards.ONE_TOKEN) && !token.equals(TopicWildcards.ONE_OR_MORE_TOKENS)) {
                count++;
            }
        }
        return count;
    }
}
