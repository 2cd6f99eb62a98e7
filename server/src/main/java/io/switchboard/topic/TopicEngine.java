package io.switchboard.topic;

import jakarta.json.JsonValue;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Fan-out and history: the seam between the hub and where topics live. The single-node engine keeps them in
 * memory; a cluster engine keeps them in a distributed store. Callers have already checked permissions.
 *
 * <p>Ordering contract: every subscriber receives a topic's messages in offset order, and a subscription's
 * {@code beforeLive} callback runs before its first live message, with nothing lost or repeated in between.
 */
public interface TopicEngine {

    /**
     * Numbers, retains and fans out a message. The stage completes with its offset and epoch once the message is
     * as safe as its topic is kept: at once for a topic in memory, after the commit for a durable one. It fails
     * with {@code unavailable} if a durable message could not be committed: then nobody received it.
     * {@code publisher} names who publishes (a client's key): what waits for the store is shared fairly among them.
     *
     * @throws io.switchboard.protocol.SwitchboardException {@code topic_limit_reached} as for {@link #subscribe};
     *                                                      {@code unavailable} when the store is down or behind
     */
    CompletionStage<Publication> publish(TopicName topic, JsonValue data, String publisher);

    /**
     * Subscribes {@code subscriber}. For an exact topic, {@code since} asks for the messages after a position;
     * {@code presence} asks for join/leave events. {@code beforeLive} receives the starting point, once the
     * subscription is in force: any message published after it ran reaches the subscriber.
     *
     * @throws io.switchboard.protocol.SwitchboardException {@code too_many_topics} when the topic would be new
     *                                                      and the engine holds as many as it may
     */
    void subscribe(Subscriber subscriber, TopicPattern pattern, Position since, boolean presence,
                   Consumer<Recovery> beforeLive);

    void unsubscribe(Subscriber subscriber, TopicPattern pattern);

    /**
     * Up to {@code limit} messages after {@code since}, or the newest {@code limit} when {@code since} is null, in
     * pages that a client's send queue takes: a slice that could not hold them all says where the next begins.
     * Reading a topic that does not exist creates nothing.
     */
    HistorySlice history(TopicName topic, Position since, int limit);

    /** Whether the topic exists: publishing or subscribing to one that does not brings it into being. */
    boolean exists(TopicName topic);

    /** Sessions subscribed to exactly this topic. */
    List<Member> presence(TopicName topic);

    List<TopicInfo> topics();

    EngineStats stats();

    /** Drops expired history and forgets topics nobody listens to and that retain nothing. */
    void sweep();

    /** The most messages one topic retains, and so the most a history query returns. */
    int historyCapacity();
}
