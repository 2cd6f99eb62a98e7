package io.switchboard.store;

import io.switchboard.topic.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicLanesTest {

    private final TopicLanes lanes = new TopicLanes(2);

    @AfterEach
    void stop() throws InterruptedException {
        lanes.shutdown(1000);
    }

    @Test
    void eachTopicsTasksRunInTheOrderGiven() throws InterruptedException {
        Map<String, List<Integer>> ran = new ConcurrentHashMap<>();
        for (int i = 0; i < 1000; i++) {
            for (String topic : List.of("a", "b", "c")) {
                int n = i;
                lanes.submit(TopicName.of(topic), () -> ran.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(n));
            }
        }
        lanes.awaitIdle();
        List<Integer> expected = IntStream.range(0, 1000).boxed().toList();
        for (String topic : List.of("a", "b", "c")) {
            assertEquals(expected, ran.get(topic), topic);
        }
    }

    @Test
    void aBusyTopicDoesNotHoldUpTheOthersBeyondATurn() throws InterruptedException {
        TopicLanes single = new TopicLanes(1);
        CountDownLatch allGiven = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        single.submit(TopicName.of("flood"), () -> await(allGiven));
        for (int i = 0; i < 100; i++) {
            single.submit(TopicName.of("flood"), () -> order.add("flood"));
        }
        single.submit(TopicName.of("normal"), () -> order.add("normal"));
        allGiven.countDown();
        single.awaitIdle();
        single.shutdown(1000);
        assertEquals(TopicLanes.TURN - 1, order.indexOf("normal"), "after one turn of the flood, on one thread");
    }

    @Test
    void tasksOfDifferentTopicsRunSideBySide() throws InterruptedException {
        CountDownLatch both = new CountDownLatch(2);
        List<Boolean> met = new ArrayList<>();
        for (String topic : List.of("a", "b")) {
            lanes.submit(TopicName.of(topic), () -> {
                both.countDown();
                synchronized (met) {
                    met.add(await(both));
                }
            });
        }
        lanes.awaitIdle();
        assertEquals(List.of(true, true), met);
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
