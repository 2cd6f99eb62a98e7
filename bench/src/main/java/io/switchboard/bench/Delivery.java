package io.switchboard.bench;

import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * What subscribers received: latency from the publisher's timestamp into one HdrHistogram, and for each
 * subscription whether its sequence numbers came once and in order.
 */
public final class Delivery {

    private final Recorder latencyMicros = new Recorder(3);
    private final LongAdder received = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    /** When the latest delivery came (nanoTime), to tell how long a drain took. */
    private volatile long lastNanos;

    /**
     * One subscription's progress: per publisher stream ({@code "t"}: a topic, or one of several publishers on a
     * topic), the last sequence number seen. Touched only by its connection's loop thread.
     */
    public final class Subscription {
        private long[] lastSeq = new long[1];
        private long count;

        /** Handles one message frame, whatever protocol wraps the data. */
        public void accept(String frame) {
            long now = System.nanoTime();
            int stream = (int) field(frame, "\"t\":");
            long seq = field(frame, "\"seq\":");
            long sent = field(frame, "\"ts\":");
            latencyMicros.recordValue(Math.max(0, (now - sent) / 1000));
            received.increment();
            lastNanos = now;
            if (stream >= lastSeq.length) {
                lastSeq = java.util.Arrays.copyOf(lastSeq, stream + 1);
            }
            if (seq <= lastSeq[stream]) {
                duplicates.increment();
                return;
            }
            if (seq != lastSeq[stream] + 1) {
                outOfOrder.increment();
            }
            lastSeq[stream] = seq;
            count++;
        }

        public long count() {
            return count;
        }
    }

    public Subscription subscription() {
        return new Subscription();
    }

    public Recorder latency() {
        return latencyMicros;
    }

    public long received() {
        return received.sum();
    }

    public long lastNanos() {
        return lastNanos;
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long outOfOrder() {
        return outOfOrder.sum();
    }

    /**
     * The message data every publisher sends: its stream (topic or publisher index), the stream's sequence
     * number, the send time, padded to {@code size} bytes.
     */
    public static String data(int topic, long seq, int size) {
        String head = "{\"t\":" + topic + ",\"seq\":" + seq + ",\"ts\":" + System.nanoTime() + ",\"pad\":\"";
        return head + "x".repeat(Math.max(0, size - head.length() - 2)) + "\"}";
    }

    private static long field(String frame, String name) {
        int at = frame.indexOf(name) + name.length();
        int end = at;
        while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
            end++;
        }
        return Long.parseLong(frame, at, end, 10);
    }
}
