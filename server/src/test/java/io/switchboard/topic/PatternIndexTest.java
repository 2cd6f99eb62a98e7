package io.switchboard.topic;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatternIndexTest {

    private final PatternIndex index = new PatternIndex(1_000_000);
    private final RecordingSubscriber ann = new RecordingSubscriber("ann");
    private final RecordingSubscriber bob = new RecordingSubscriber("bob");

    private void add(String pattern, Subscriber subscriber) {
        index.add(TopicPattern.of(pattern), subscriber, () -> { });
    }

    private Set<Subscriber> matching(String topic) {
        return index.matching(TopicName.of(topic));
    }

    @Test
    void matchesAsTheWildcardRulesSay() {
        add("a.*", ann);
        add("a.>", bob);
        assertEquals(Set.of(ann, bob), matching("a.b"));
        assertEquals(Set.of(bob), matching("a.b.c"));
        assertNull(matching("a"), "'>' needs at least one more token");
        assertNull(matching("b.a"));
    }

    @Test
    void everyPatternShapeMatchesWhatTopicPatternMatches() {
        String[] patterns = {">", "a", "a.b", "*", "*.b", "a.*", "*.*", "a.>", "*.>", "a.*.c", "a.b.>", "*.b.*"};
        String[] topics = {"a", "b", "a.b", "a.c", "b.b", "a.b.c", "a.x.c", "a.b.c.d", "x.b.y"};
        for (String pattern : patterns) {
            PatternIndex single = new PatternIndex(1_000_000);
            single.add(TopicPattern.of(pattern), ann, () -> { });
            for (String topic : topics) {
                assertEquals(TopicPattern.of(pattern).matches(TopicName.of(topic)),
                        single.matchesAny(TopicName.of(topic)), pattern + " against " + topic);
            }
        }
    }

    @Test
    void aSubscriberMatchedByManyPatternsIsFoundOnce() {
        add("a.b", ann);
        add("a.*", ann);
        add(">", ann);
        assertEquals(Set.of(ann), matching("a.b"));
    }

    @Test
    void removingTheLastSubscriptionOfABranchPrunesIt() {
        add("a.b.c", ann);
        add("a.b.>", bob);
        assertTrue(index.remove(TopicPattern.of("a.b.c"), ann));
        assertFalse(index.remove(TopicPattern.of("a.b.c"), ann), "removed once");
        assertEquals(Set.of(bob), matching("a.b.c"));
        assertTrue(index.remove(TopicPattern.of("a.b.>"), bob));
        assertNull(matching("a.b.c"));
    }

    @Test
    void unrelatedPatternsAreNotVisited() {
        for (int i = 0; i < 100_000; i++) {
            add("tenant" + i + ".*", ann);
        }
        add("orders.*", bob);
        assertEquals(Set.of(bob), matching("orders.eu"));
        assertEquals(Set.of(ann), matching("tenant99999.x"));
    }

    @Test
    void theTreeHoldsNoMoreNodesThanItMayAndGivesThemBackWhenPruned() {
        PatternIndex small = new PatternIndex(5);
        small.add(TopicPattern.of("a.b.c.*"), ann, () -> { }); // four nodes
        small.add(TopicPattern.of("a.b.c.>"), bob, () -> { }); // one more
        io.switchboard.protocol.SwitchboardException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.switchboard.protocol.SwitchboardException.class, () -> small.add(TopicPattern.of("x.*"), ann, () -> { }));
        assertEquals(io.switchboard.protocol.ErrorCode.TOO_MANY_SUBSCRIPTIONS, refused.code());
        small.add(TopicPattern.of("a.b.c.*"), bob, () -> { }); // shares every node: no room needed
        small.remove(TopicPattern.of("a.b.c.>"), bob);
        small.add(TopicPattern.of("x"), ann, () -> { });
        assertEquals(Set.of(ann), small.matching(TopicName.of("x")));
    }

    /**
     * A subscription is in force when its callback (the ack) runs: a publish that starts after the callback
     * finds it, however the threads interleave.
     */
    @Test
    void aSubscriptionIsInForceWhenItsCallbackRuns() throws Exception {
        ExecutorService matcher = Executors.newSingleThreadExecutor();
        for (int round = 0; round < 2_000; round++) {
            PatternIndex fresh = new PatternIndex(1_000_000);
            AtomicBoolean acked = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(1);
            AtomicBoolean missed = new AtomicBoolean();
            matcher.submit(() -> {
                while (!acked.get()) {
                    Thread.onSpinWait();
                }
                missed.set(!fresh.matchesAny(TopicName.of("a.b")));
                done.countDown();
            });
            fresh.add(TopicPattern.of("a.*"), ann, () -> acked.set(true));
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertFalse(missed.get(), "round " + round + ": a match after the ack missed the subscription");
        }
        matcher.shutdown();
    }
}
