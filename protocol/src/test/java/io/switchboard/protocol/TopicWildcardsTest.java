package io.switchboard.protocol;

import org.junit.jupiter.api.Test;

import static io.switchboard.protocol.TopicWildcards.tokens;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicWildcardsTest {

    private static boolean matches(String pattern, String topic) {
        return TopicWildcards.matches(tokens(pattern), tokens(topic));
    }

    @Test
    void aStarMatchesExactlyOneTokenAndAFinalGreaterThanOneOrMore() {
        assertTrue(matches("a.*", "a.b"));
        assertFalse(matches("a.*", "a.b.c"));
        assertFalse(matches("a.*", "a"));
        assertTrue(matches("a.*.c", "a.b.c"));
        assertTrue(matches("a.>", "a.b.c"));
        assertFalse(matches("a.>", "a"));
        assertTrue(matches(">", "a"));
        assertTrue(matches("a.b", "a.b"));
        assertFalse(matches("a.b", "a.bc"));
        assertFalse(matches("a.b", "a.b.c"));
    }

    @Test
    void onlyPatternsWithoutWildcardTokensAreExact() {
        assertTrue(TopicWildcards.isExact(tokens("orders.eu")));
        assertFalse(TopicWildcards.isExact(tokens("orders.*")));
        assertFalse(TopicWildcards.isExact(tokens("orders.>")));
        assertTrue(TopicWildcards.isExact(tokens("orders.a*")), "a token holding a star is no wildcard");
    }
}
