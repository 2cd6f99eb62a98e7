package io.switchboard.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/** A socket whose sends complete when the test says so, or at once, taking up to so many frames per send. */
final class FakeTransport implements Transport {

    final List<String> sent = new ArrayList<>();
    /** Each send's frames. */
    final List<List<String>> sends = new ArrayList<>();
    final Deque<Consumer<Throwable>> inFlight = new ArrayDeque<>();
    int pings;
    Integer closeCode;
    String closeReason;
    int maxConcurrentSends;
    private int concurrentSends;
    private final boolean completeAtOnce;
    private final int framesPerSend;

    FakeTransport(boolean completeAtOnce) {
        this(completeAtOnce, 1);
    }

    FakeTransport(boolean completeAtOnce, int framesPerSend) {
        this.completeAtOnce = completeAtOnce;
        this.framesPerSend = framesPerSend;
    }

    @Override
    public synchronized void send(List<String> frames, Consumer<Throwable> done) {
        if (frames.size() > framesPerSend) {
            throw new AssertionError(frames.size() + " frames in one send");
        }
        sent.addAll(frames);
        sends.add(List.copyOf(frames));
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
    public int framesPerSend() {
        return framesPerSend;
    }

    @Override
    public String wire() {
        return "fake";
    }

    @Override
    public synchronized void sendPing() {
        pings++;
    }

    /** Whether it plays a closed transport whose socket is still open. */
    volatile boolean lingers;

    @Override
    public boolean lingers() {
        return lingers;
    }

    @Override
    public boolean answersPings() {
        return true;
    }

    @Override
    public synchronized void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    @Override
    public void afterClose(CloseListener listener) {
    }
}
