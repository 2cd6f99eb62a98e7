package io.switchboard.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/** A socket whose sends complete when the test says so, or at once. */
final class FakeTransport implements Transport {

    final List<String> sent = new ArrayList<>();
    final Deque<Consumer<Throwable>> inFlight = new ArrayDeque<>();
    int pings;
    Integer closeCode;
    String closeReason;
    int maxConcurrentSends;
    private int concurrentSends;
    private final boolean completeAtOnce;

    FakeTransport(boolean completeAtOnce) {
        this.completeAtOnce = completeAtOnce;
    }

    @Override
    public synchronized void sendText(String text, Consumer<Throwable> done) {
        sent.add(text);
        concurrentSends++;
        maxConcurrentSends = Math.max(maxConcurrentSends, concurrentSends);
        Consumer<Throwable> finish = failure -> {
            synchronized (this) {
                concurrentSends--;
            }
            done.accept(failure);
        };
        if (completeAtOnce) {
            finish.accept(null);
        } else {
            inFlight.add(finish);
        }
    }

    /** Completes the oldest send in flight, as the network would. */
    void completeOne() {
        Consumer<Throwable> done;
        synchronized (this) {
            done = inFlight.poll();
        }
        done.accept(null);
    }

    @Override
    public synchronized void sendPing() {
        pings++;
    }

    @Override
    public synchronized void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }
}
