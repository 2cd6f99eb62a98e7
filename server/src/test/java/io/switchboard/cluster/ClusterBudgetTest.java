package io.switchboard.cluster;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.testing.MutableClock;
import io.switchboard.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A node's share of the cluster's history: what it appended within the time to live, at most a ringbuffer's
 * capacity of it per topic; over a quarter of its history budget it evicts the topics it filled that nobody subscribes to,
 * the longest unpublished first, and refuses publishes while topics with subscribers keep it over.
 */
class ClusterBudgetTest {

    private static final Duration TTL = Duration.ofSeconds(300);
    private static final int CAPACITY = 5;
    private static final int ITEM = 1_000;
    private static final long HELD = ITEM + ClusterBudget.ITEM_OVERHEAD;

    private final MutableClock clock = new MutableClock();
    private final List<String> evicted = new ArrayList<>();
    private Set<String> subscribed = Set.of();
    /** A share of ten items: a quarter of the budget. */
    private final ClusterBudget budget = new ClusterBudget(4 * 10 * HELD, TTL, CAPACITY, clock, Runnable::run,
            topic -> !subscribed.contains(topic.value()) && evicted.add(topic.value()));

    @Test
    void aTopicHoldsWhatThisNodeAppendedWithinTheTimeToLiveAndAtMostItsCapacity() {
        append("orders", 3);
        assertEquals(3 * HELD, budget.held());
        append("orders", 7);
        assertEquals(CAPACITY * HELD, budget.held(), "the ringbuffer keeps its capacity's newest");

        clock.advance(TTL.plus(TTL.dividedBy(ClusterBudget.SLICES)));
        assertEquals(0, budget.held(), "expired");
    }

    @Test
    void overItsShareTheNodeEvictsWhatNobodySubscribesToTheLongestUnpublishedFirst() {
        subscribed = Set.of("a");
        for (String topic : List.of("a", "b", "c", "d")) {
            append(topic, CAPACITY - 1);
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(16 * HELD, budget.held());

        budget.review();

        assertEquals(List.of("b", "c"), evicted, "down to nine tenths of the share; a has a subscriber");
        assertEquals(8 * HELD, budget.held());
        assertDoesNotThrow(budget::admit);
    }

    @Test
    void whatTopicsWithSubscribersKeepOverTheShareRefusesPublishesUntilItExpires() {
        subscribed = Set.of("a", "b", "c");
        for (String topic : subscribed) {
            append(topic, CAPACITY);
        }
        budget.review();

        SwitchboardException refused = assertThrows(SwitchboardException.class, budget::admit);
        assertEquals(ErrorCode.UNAVAILABLE, refused.code());
        assertEquals(List.of(), evicted);

        clock.advance(TTL.plus(TTL.dividedBy(ClusterBudget.SLICES)));
        budget.review();
        assertDoesNotThrow(budget::admit);
    }

    @Test
    void aTopicThatCouldNotBeEvictedIsNotTriedAgainForASliceOfTheTimeToLive() {
        List<String> tried = new ArrayList<>();
        ClusterBudget counting = new ClusterBudget(4 * 10 * HELD, TTL, CAPACITY, clock, Runnable::run, topic -> {
            tried.add(topic.value());
            return false; // every one has subscribers
        });
        for (String topic : List.of("a", "b", "c")) {
            for (int i = 0; i < CAPACITY; i++) {
                counting.appended(TopicName.of(topic), ITEM);
            }
        }
        counting.review();
        counting.review();
        assertEquals(List.of("a", "b", "c"), tried, "each once, however often the node reviews");

        clock.advance(TTL.dividedBy(ClusterBudget.SLICES));
        counting.review();
        assertEquals(6, tried.size(), "tried again a slice later");
    }

    @Test
    void aTopicTheClusterForgotLeavesTheAccount() {
        append("orders", 3);
        budget.forgotten(TopicName.of("orders"));
        assertEquals(0, budget.held());
    }

    private void append(String topic, int messages) {
        for (int i = 0; i < messages; i++) {
            budget.appended(TopicName.of(topic), ITEM);
        }
    }
}
