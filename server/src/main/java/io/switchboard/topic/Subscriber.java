package io.switchboard.topic;

/**
 * The receiving end of a subscription, implemented by a WebSocket connection. The engine calls these methods
 * under a topic's lock, so they must only hand the frame to a queue: never block, never call back the engine.
 */
public interface Subscriber {

    String session();

    /** Null if anonymous. */
    String user();

    /** Whether a wildcard subscription may hand over a message of {@code topic} (exact ones are checked at subscribe). */
    boolean mayRead(TopicName topic);

    /** A published message and its encoded {@code message} frame, shared by all its recipients. */
    void deliver(Publication publication, String frame);

    /** How many more characters of frames its send queue takes before the subscriber is a slow consumer. */
    long roomChars();

    /** How many more frames its send queue takes before the subscriber is a slow consumer. */
    long roomFrames();

    /** Any other encoded frame the engine pushes, such as {@code join} and {@code leave}. */
    void send(String frame);

    /**
     * Messages {@code firstOffset} to {@code lastOffset} of {@code topic} never reached this node (it fell behind its
     * cluster by more than the cluster keeps), so they will not reach this subscriber either: a session is asked
     * to reconnect, and resumes from the cluster with {@code recovered:false} where they are gone.
     */
    void missed(TopicName topic, long firstOffset, long lastOffset);
}
