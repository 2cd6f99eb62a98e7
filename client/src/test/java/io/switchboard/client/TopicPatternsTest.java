package io.switchboard.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicPatternsTest {

    @Test
    void wildcardsFollowTheServersRules() {
        assertTrue(TopicPatterns.matches("a.*", "a.b"));
        assertFalse(TopicPatterns.matches("a.*", "a.b.c"));
        assertTrue(TopicPatterns.matches("a.>", "a.b.c"));
        assertFalse(TopicPatterns.matches("a.>", "a"));
        assertTrue(TopicPatterns.matches(">", "a"));
        assertTrue(TopicPatterns.matches("a.b", "a.b"));
        assertFalse(TopicPatterns.matches("a.b", "a.bc"));
    }

    @Test
    void onlyPatternsWithoutWildcardsAreExact() {
        assertTrue(TopicPatterns.isExact("orders.eu"));
        assertFalse(TopicPatterns.isExact("orders.*"));
        assertFalse(TopicPatterns.isExact("orders.>"));
        assertTrue(TopicPatterns.isExact("orders.a*"), "a token holding a star is no wildcard");
    }
}
