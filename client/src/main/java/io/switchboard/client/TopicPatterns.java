package io.switchboard.client;

/** The server's wildcard rules: {@code *} matches one token, a final {@code >} one or more. */
final class TopicPatterns {

    private TopicPatterns() {
    }

    static boolean isExact(String pattern) {
        for (String token : pattern.split("\\.", -1)) {
            if (token.equals("*") || token.equals(">")) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(String pattern, String topic) {
        String[] want = pattern.split("\\.", -1);
        String[] have = topic.split("\\.", -1);
        for (int i = 0; i < want.length; i++) {
            if (want[i].equals(">")) {
                return have.length > i;
            }
            if (i >= have.length || !(want[i].equals("*") || want[i].equals(have[i]))) {
                return false;
            }
        }
        return have.length == want.length;
    }
}
