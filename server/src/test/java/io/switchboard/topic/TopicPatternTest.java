package io.switchboard.topic;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicPatternTest {

    private static boolean matches(String pattern, String topic) {
        return TopicPattern.of(pattern).matches(TopicName.of(topic));
    }

    @Test
    void anExactPatternMatchesOnlyItsTopic() {
        assertTrue(matches("chat.room-1", "chat.room-1"));
        assertFalse(matches("chat.room-1", "chat.room-2"));
        assertFalse(matches("chat", "chat.room-1"));
    }

    @Test
    void starMatchesExactlyOneToken() {
        assertTrue(matches("chat.*", "chat.a"));
        assertFalse(matches("chat.*", "chat.a.b"));
        assertFalse(matches("chat.*", "chat"));
        assertTrue(matches("*.eu.*", "orders.eu.created"));
    }

    @Test
    void greaterThanMatchesOneOrMoreTrailingTokens() {
        assertTrue(matches("chat.>", "chat.a"));
        assertTrue(matches("chat.>", "chat.a.b"));
        assertFalse(matches("chat.>", "chat"));
        assertTrue(matches(">", "anything.at.all"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a..b", ".a", "a.", "a b", "a.>.b", "a/b", "ä", "a.**", "a.>>"})
    void malformedTopicsAreInvalid(String raw) {
        SwitchboardException e = assertThrows(SwitchboardException.class, () -> TopicPattern.of(raw));
        assertEquals(ErrorCode.INVALID_TOPIC, e.code());
    }

    @Test
    void topicsHaveAtMost200Characters() {
        TopicName.of("a".repeat(200));
        assertThrows(SwitchboardException.class, () -> TopicName.of("a".repeat(201)));
    }

    @Test
    void exactTopicsRefuseWildcards() {
        assertThrows(SwitchboardException.class, () -> TopicName.of("chat.*"));
        assertThrows(SwitchboardException.class, () -> TopicName.of(">"));
    }

    @Test
    void sysTopicsAreSystemTopics() {
        assertTrue(TopicName.of("sys.metrics").isSystem());
        assertFalse(TopicName.of("system.metrics").isSystem());
    }

    @Test
    void overlapsMeansSomeTopicIsMatchedByBoth() {
        assertTrue(TopicPattern.of(">").overlaps(TopicPattern.of("public.>")));
        assertTrue(TopicPattern.of("a.*.c").overlaps(TopicPattern.of("a.b.*")));
        assertFalse(TopicPattern.of("a.*").overlaps(TopicPattern.of("b.*")));
        assertFalse(TopicPattern.of("a.>").overlaps(TopicPattern.of("a")));
        assertFalse(TopicPattern.of("a.*").overlaps(TopicPattern.of("a.b.c")));
    }
}
