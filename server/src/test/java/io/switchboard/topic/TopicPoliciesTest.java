package io.switchboard.topic;

import io.switchboard.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicPoliciesTest {

    private final TopicPolicies policies = TopicPolicies.from(TestConfig.of(
            "switchboard.history-size", "100",
            "switchboard.history-ttl-seconds", "300",
            "switchboard.topics.\"orders.>\".history-size", "1000",
            "switchboard.topics.\"orders.>\".history-ttl-seconds", "86400",
            "switchboard.topics.orders.*.durable", "false",
            "switchboard.topics.\"orders.eu.audit\".history-size", "5",
            "switchboard.topics.\"sys.>\".durable", "true"));

    private TopicPolicy of(String topic) {
        return policies.of(TopicName.of(topic));
    }

    @Test
    void aTopicNoPatternMatchesHasTheHubWideSettingsAndIsDurable() {
        assertEquals(new TopicPolicy(100, Duration.ofSeconds(300), true), of("chat.room"));
    }

    @Test
    void theMostSpecificPatternWinsAndWhatItLeavesOutIsHubWide() {
        assertEquals(new TopicPolicy(1000, Duration.ofSeconds(86400), true), of("orders.eu.new"));
        assertEquals(new TopicPolicy(100, Duration.ofSeconds(300), false), of("orders.eu"),
                "orders.* is more specific than orders.>");
        assertEquals(new TopicPolicy(5, Duration.ofSeconds(300), true), of("orders.eu.audit"),
                "an exact topic is the most specific");
    }

    @Test
    void systemTopicsStayInMemoryWhateverTheConfigurationSays() {
        assertFalse(of("sys.metrics").durable());
    }

    @Test
    void withoutAStoreNothingIsDurable() {
        TopicPolicies memory = TopicPolicies.from(TestConfig.of("switchboard.store", "memory",
                "switchboard.topics.\"orders.>\".durable", "true"));
        assertFalse(memory.of(TopicName.of("orders.eu")).durable());
        assertFalse(memory.anyDurable());
    }

    @Test
    void theLargestHistoryAndLongestTimeToLiveBoundQueriesAndTheStore() {
        assertEquals(1000, policies.maxHistorySize());
        assertEquals(Duration.ofSeconds(86400), policies.maxHistoryTtl());
    }

    @Test
    void aMisspelledSettingFailsWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestConfig.of("switchboard.topics.\"orders.>\".history-sise", "5"));
        assertTrue(e.getMessage().contains("history-sise"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TestConfig.of("switchboard.topics.\"orders.>\".durable", "yes"));
        assertThrows(IllegalArgumentException.class,
                () -> TestConfig.of("switchboard.topics.\"orders.>\".history-size", "0"));
    }
}
