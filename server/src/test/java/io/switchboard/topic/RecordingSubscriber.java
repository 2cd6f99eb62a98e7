package io.switchboard.topic;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A subscriber that records what the engine hands it. */
public final class RecordingSubscriber implements Subscriber {

    final String session;
    final List<Publication> delivered = new CopyOnWriteArrayList<>();
    final List<String> frames = new CopyOnWriteArrayList<>();
    final List<String> other = new CopyOnWriteArrayList<>();
    /** What the engine said was missed: "topic first-last". */
    public final List<String> missed = new CopyOnWriteArrayList<>();
    private final Predicate<TopicName> readable;
    /** What the subscriber's send queue still takes; unbounded unless a test says otherwise. */
    long roomChars = Long.MAX_VALUE;
    long roomFrames = Long.MAX_VALUE;

    public RecordingSubscriber(String session) {
        this(session, topic -> true);
    }

    RecordingSubscriber(String session, Predicate<TopicName> readable) {
        this.session = session;
        this.readable = readable;
    }

    @Override
    public String session() {
        return session;
    }

    @Override
    public String user() {
        return null;
    }

    @Override
    public boolean mayRead(TopicName topic) {
        return readable.test(topic);
    }

    @Override
    public void deliver(Publication publication, String frame) {
        delivered.add(publication);
        frames.add(frame);
    }

    @Override
    public long roomChars() {
        return roomChars;
    }

    @Override
    public long roomFrames() {
        return roomFrames;
    }

    @Override
    public void send(String frame) {
        other.add(frame);
    }

    @Override
    public void missed(TopicName topic, long firstOffset, long lastOffset) {
        missed.add(topic + " " + firstOffset + "-" + lastOffset);
    }

    public List<Long> offsets() {
        return delivered.stream().map(Publication::offset).toList();
    }
}
