package io.switchboard.testkit;

import io.switchboard.client.SubscribeOptions;
import io.switchboard.client.Subscription;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.ServerFrame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What a subscription receives, kept in order for a test to await: "the next 3 messages on {@code orders.>}
 * within 5 s". A failed wait says what did arrive. Thread-safe: the client's handler thread records, the test awaits.
 *
 * @param <T> what each message's data is bound to
 */
public final class Recording<T> implements AutoCloseable {

    /** One message as it came: its data bound to {@code T}, and the whole message. */
    public record Received<T>(T data, ServerFrame.Message message) {

        @Override
        public String toString() {
            return message.topic() + "#" + message.offset() + " " + message.data();
        }
    }

    private final String topic;
    private final List<Received<T>> received = new ArrayList<>();
    private final Subscription subscription;
    private final ServerFrame.Ack ack;
    private int taken;

    private Recording(SwitchboardClient client, String topic, Class<T> type, SubscribeOptions options,
                      Duration within) {
        this.topic = topic;
        this.subscription = client.subscribe(topic, type, options, this::record);
        this.ack = Awaiting.await(subscription.ready(), within, "the subscription to " + topic);
    }

    /** The subscription's ack: the topic's epoch and last offset, and with {@code since}, whether it recovered. */
    public ServerFrame.Ack ack() {
        return ack;
    }

    /**
     * Subscribes {@code client} to a topic or pattern and waits until the subscription is in force (its ack came),
     * so that whatever the test publishes next is recorded.
     */
    public static <T> Recording<T> of(SwitchboardClient client, String topicOrPattern, Class<T> type) {
        return of(client, topicOrPattern, type, SubscribeOptions.NONE);
    }

    public static <T> Recording<T> of(SwitchboardClient client, String topicOrPattern, Class<T> type,
                                      SubscribeOptions options) {
        return new Recording<>(client, topicOrPattern, type, options, Awaiting.DEFAULT_TIMEOUT);
    }

    private synchronized void record(T data, ServerFrame.Message message) {
        received.add(new Received<>(data, message));
        notifyAll();
    }

    /** The next {@code count} messages not awaited before, in the order they came. */
    public List<T> awaitNext(int count, Duration within) {
        return awaitNextReceived(count, within).stream().map(Received::data).toList();
    }

    /** The next message not awaited before. */
    public T awaitNext(Duration within) {
        return awaitNext(1, within).get(0);
    }

    /** Like {@link #awaitNext(int, Duration)}, with each message's topic, offset, epoch and time. */
    public synchronized List<Received<T>> awaitNextReceived(int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (received.size() - taken < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Expected " + count + " more message(s) on " + topic + " within " + within
                        + ", but " + (received.size() - taken) + " came: " + received.subList(taken, received.size())
                        + (taken > 0 ? " (after " + taken + " awaited before)" : ""));
            }
            waitNanos(left);
        }
        List<Received<T>> next = List.copyOf(received.subList(taken, taken + count));
        taken += count;
        return next;
    }

    /**
     * The next messages not awaited before, up to the first whose offset is {@code offset} or later: a replay
     * whose count is not known, only where it ends.
     */
    public synchronized List<Received<T>> awaitReceivedThrough(long offset, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int end = taken;
        while (true) {
            for (; end < received.size(); end++) {
                if (received.get(end).message().offset() >= offset) {
                    List<Received<T>> next = List.copyOf(received.subList(taken, end + 1));
                    taken = end + 1;
                    return next;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Expected messages on " + topic + " through offset " + offset + " within "
                        + within + ", but these came: " + received.subList(taken, received.size()));
            }
            waitNanos(left);
        }
    }

    /** Skips messages until one matches; fails if none does within the time. */
    public synchronized T awaitMatching(Predicate<? super T> condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int from = taken;
        while (true) {
            for (; taken < received.size(); taken++) {
                if (condition.test(received.get(taken).data())) {
                    return received.get(taken++).data();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No message on " + topic + " matched within " + within + "; these came: "
                        + received.subList(from, received.size()));
            }
            waitNanos(left);
        }
    }

    /** Fails if a message not awaited before comes within {@code quiet}. */
    public synchronized void assertNothingFor(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        long left;
        while (received.size() == taken && (left = deadline - System.nanoTime()) > 0) {
            waitNanos(left);
        }
        if (received.size() > taken) {
            throw new AssertionError("Expected no message on " + topic + " for " + quiet + ", but these came: "
                    + received.subList(taken, received.size()));
        }
    }

    /** Everything recorded so far, awaited or not. */
    public synchronized List<Received<T>> all() {
        return List.copyOf(received);
    }

    private void waitNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(this, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for messages on " + topic, e);
        }
    }

    /** Unsubscribes. */
    @Override
    public void close() {
        subscription.close();
    }
}
