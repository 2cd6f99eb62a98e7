package io.switchboard.topic;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.protocol.TopicWildcards;

import java.util.regex.Pattern;

import static io.switchboard.protocol.TopicWildcards.ONE_OR_MORE_TOKENS;
import static io.switchboard.protocol.TopicWildcards.ONE_TOKEN;

/** The grammar shared by topic names and patterns: dot-separated tokens of {@code [A-Za-z0-9_-]}, 1..200 chars. */
final class TopicSyntax {

    static final int MAX_LENGTH = 200;

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");

    private TopicSyntax() {
    }

    static String[] tokens(String raw, boolean wildcardsAllowed) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_LENGTH) {
            throw invalid(raw, "a topic has 1 to " + MAX_LENGTH + " characters");
        }
        String[] tokens = TopicWildcards.tokens(raw);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (ONE_TOKEN.equals(token) || ONE_OR_MORE_TOKENS.equals(token)) {
                if (!wildcardsAllowed) {
                    throw invalid(raw, "wildcards are for subscriptions; publish, history and presence need an exact topic");
                }
                if (ONE_OR_MORE_TOKENS.equals(token) && i != tokens.length - 1) {
                    throw invalid(raw, "'>' may only be the last token");
                }
            } else if (!TOKEN.matcher(token).matches()) {
                throw invalid(raw, "tokens are separated by single dots and made of letters, digits, '_' and '-'");
            }
        }
        return tokens;
    }

    private static SwitchboardException invalid(String raw, String why) {
        String shown = raw == null ? "null" : raw.length() > 60 ? raw.substring(0, 60) + "..." : raw;
        return new SwitchboardException(ErrorCode.INVALID_TOPIC, "Invalid topic '" + shown + "': " + why);
    }
}
