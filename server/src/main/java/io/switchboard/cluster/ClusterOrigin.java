package io.switchboard.cluster;

import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.topic.Footprint;
import io.switchboard.topic.Journal;
import io.switchboard.topic.MirrorTopicEngine;
import io.switchboard.topic.Numbered;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicOrigin;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Where a node's topics are numbered and kept: the cluster. Publishing appends to the topic's ringbuffer, whose
 * sequence numbers the offsets ({@link Numbering}), and a durable message is committed to the store all nodes
 * share before it is acknowledged. Opening a topic for this node's mirror reads what the ringbuffer retains and
 * starts the topic's one feed, which hands the mirror every message after that, in offset order.
 */
final class ClusterOrigin implements TopicOrigin {

    private final ClusterEpochs epochs;
    private final RingbufferHistory history;
    private final FrameCodec codec;
    private final Executor executor;
    private final Journal journal;
    private final ClusterBudget budget;
    /** The mirror the feeds hand messages to; made with this origin, so looked up when a topic opens. */
    private final Supplier<MirrorTopicEngine> mirror;
    private final Map<TopicName, RingbufferFeed> feeds = new ConcurrentHashMap<>();

    ClusterOrigin(ClusterEpochs epochs, RingbufferHistory history, FrameCodec codec, Executor executor,
                  Journal journal, ClusterBudget budget, Supplier<MirrorTopicEngine> mirror) {
        this.epochs = epochs;
        this.budget = budget;
        this.history = history;
        this.codec = codec;
        this.executor = executor;
        this.journal = journal;
        this.mirror = mirror;
    }

    /**
     * Numbers a message in the cluster; a durable one is acknowledged once committed.
     *
     * @throws SwitchboardException {@code unavailable} for a durable topic while the store does not answer
     */
    CompletionStage<Publication> publish(TopicName topic, JsonValue data, String publisher) {
        Numbering numbering = epochs.of(topic);
        boolean durable = epochs.durable(topic);
        // the ringbuffer shows a message to every node at once: refused now, or not before it is committed
        if (durable && !journal.accepting()) {
            throw new SwitchboardException(ErrorCode.UNAVAILABLE, "The history store is unreachable, so nothing "
                    + "durable can be published; try again later");
        }
        budget.admit();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String item = StoredMessage.encode(codec, now, data);
        long sequence = epochs.ringbuffer(topic).add(item);
        budget.appended(topic, item.length());
        Publication publication = new Publication(topic, numbering.offset(sequence), numbering.epoch(), now, data);
        if (!durable) {
            return CompletableFuture.completedFuture(publication);
        }
        return journal.append(new Numbered(publication, "", Footprint.of(data)), publisher);
    }

    @Override
    public boolean keepsTopicsElsewhere() {
        return true;
    }

    @Override
    public Snapshot open(TopicName topic) {
        Numbering numbering = epochs.of(topic);
        Ringbuffer<String> ringbuffer = epochs.ringbuffer(topic);
        while (true) {
            long last = numbering.offset(ringbuffer.tailSequence());
            long head = history.retainedAfter(ringbuffer, numbering, last);
            try {
                List<Publication> retained = history.read(topic, numbering, ringbuffer, head, last - head);
                RingbufferFeed feed = new RingbufferFeed(topic.value(), ringbuffer, numbering.sequenceAfter(last),
                        mirrorOf(topic, numbering), executor);
                RingbufferFeed previous = feeds.put(topic, feed);
                if (previous != null) {
                    previous.stop();
                }
                feed.start();
                return new Snapshot(numbering.epoch(), last, retained);
            } catch (StaleSequenceException overtaken) {
                // older messages were dropped while reading; look again
            }
        }
    }

    @Override
    public void closed(TopicName topic) {
        RingbufferFeed feed = feeds.remove(topic);
        if (feed != null) {
            feed.stop();
        }
    }

    /** Stops every feed; the cluster's data stays for the other nodes. */
    void stop() {
        feeds.values().forEach(RingbufferFeed::stop);
        feeds.clear();
    }

    /**
     * Where a topic's feed hands what it reads: this node's mirror, in offsets. Parsing and framing a message happen
     * while the one before it is fanned out.
     */
    private RingbufferFeed.Sink mirrorOf(TopicName topic, Numbering numbering) {
        MirrorTopicEngine into = mirror.get();
        return new RingbufferFeed.Sink() {
            @Override
            public Runnable prepare(long sequence, String item) {
                long offset = numbering.offset(sequence);
                if (StoredMessage.isHole(item)) {
                    Instant time = StoredMessage.time(item);
                    return () -> into.skipped(topic, offset, time);
                }
                Numbered message = into.framed(StoredMessage.decode(codec, topic, offset, numbering.epoch(), item));
                return () -> into.apply(message);
            }

            @Override
            public void fellBehind(long first, long last) {
                into.missed(topic, numbering.offset(first), numbering.offset(last));
            }
        };
    }
}
