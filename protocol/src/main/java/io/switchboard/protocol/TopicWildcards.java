package io.switchboard.protocol;

/**
 * The wire contract's wildcards, NATS's: topics are dot-separated tokens, {@code *} matches exactly one token and a
 * final {@code >} one or more. A token that merely holds a star is no wildcard. The server's subscriptions and
 * permissions and the Java client's routing of messages to handlers match with these rules, so the two cannot
 * drift apart. Grammar checks (allowed characters, length) are the server's.
 */
public final class TopicWildcards {

    public static final String ONE_TOKEN = "*";
    public static final String ONE_OR_MORE_TOKENS = ">";

    private TopicWildcards() {
    }

    /** The tokens of a topic or pattern. */
    public static String[] tokens(String topic) {
        return topic.split("\\.", -1);
    }

    /** True when no token is a wildcard: the pattern names one topic. */
    public static boolean isExact(String[] pattern) {
        for (String token : pattern) {
            if (ONE_TOKEN.equals(token) || ONE_OR_MORE_TOKENS.equals(token)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the topic with these tokens is matched by the pattern with these. */
    public static boolean matches(String[] pattern, String[] topic) {
        for (int i = 0; i < pattern.length; i++) {
            if (ONE_OR_MORE_TOKENS.equals(pattern[i])) {
                return topic.length > i;
            }
            if (i >= topic.length || !(ONE_TOKEN.equals(pattern[i]) || pattern[i].equals(topic[i]))) {
                return false;
            }
        }
        return topic.length == pattern.length;
    }
}
