package io.switchboard.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.multimap.MultiMap;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import com.hazelcast.topic.ITopic;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.topic.EngineStats;
import io.switchboard.topic.Epochs;
import io.switchboard.topic.HistorySlice;
import io.switchboard.topic.LocalTopicEngine;
import io.switchboard.topic.Position;
import io.switchboard.topic.Publication;
import io.switchboard.topic.Recovery;
import io.switchboard.topic.Subscriber;
import io.switchboard.topic.TopicEngine;
import io.switchboard.topic.TopicInfo;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicOrigin;
import io.switchboard.topic.TopicPattern;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Topics kept in a Hazelcast cluster. Publishing appends to the topic's ringbuffer, whose sequence is the offset
 * (plus one) and whose synchronous backup makes an acknowledged message survive the loss of a node. Every node
 * reads the ringbuffers of the topics its clients use into its mirror, which delivers locally.
 */
final class HazelcastTopicEngine implements TopicEngine, TopicOrigin {

    private static final Logger LOG = Logger.getLogger(HazelcastTopicEngine.class.getName());
    private static final String RINGBUFFERS = "switchboard.topic.";
    private static final int MAX_READ = 1000;
    /**
     * Each topic's ringbuffer keeps at least this many messages, however small the history: the slack a node's
     * reader has in a burst before it falls behind. History answers stay within history-size.
     */
    private static final int MIN_RINGBUFFER_CAPACITY = 1000;
    private static final long REMOTE_TIMEOUT_SECONDS = 10;
    /** How many one-second sweeps pass between two looks for topics the cluster can forget. */
    private static final int SWEEPS_PER_FORGETTING = 10;

    private final HazelcastInstance hazelcast;
    private final FrameCodec codec;
    private final Executor executor;
    private final int historySize;
    private final LocalTopicEngine mirror;
    /** Topic name to epoch: the cluster's list of topics. */
    private final IMap<String, String> epochs;
    /** Topic name to its exact subscribers, each as "member \n session \n user". */
    private final MultiMap<String, String> presence;
    /** Joins and leaves, for presence subscribers on the other nodes: "join|leave \n topic \n session \n user". */
    private final ITopic<String> presenceEvents;
    private final Map<TopicName, RingbufferFeed> feeds = new ConcurrentHashMap<>();
    private final Map<String, String> knownEpochs = new ConcurrentHashMap<>();
    private final long pageChars;
    private int sweeps;
    private final AtomicBoolean forgetting = new AtomicBoolean();
    private final LongAdder published = new LongAdder();
    private final String localMember;
    private final List<Runnable> listenerRemovals = new ArrayList<>();

    HazelcastTopicEngine(HazelcastInstance hazelcast, SwitchboardConfig config, FrameCodec codec, Executor executor) {
        this.hazelcast = hazelcast;
        this.codec = codec;
        this.executor = executor;
        this.historySize = config.historySize();
        this.pageChars = config.historyPageBytes();
        hazelcast.getConfig().addRingBufferConfig(new RingbufferConfig(RINGBUFFERS + "*")
                .setCapacity(Math.max(config.historySize(), MIN_RINGBUFFER_CAPACITY))
                .setBackupCount(1)
                .setTimeToLiveSeconds((int) config.historyTtl().toSeconds()));
        this.mirror = LocalTopicEngine.mirror(config, codec, this);
        this.epochs = hazelcast.getMap("switchboard.epochs");
        this.presence = hazelcast.getMultiMap("switchboard.presence");
        this.presenceEvents = hazelcast.getTopic("switchboard.presence-events");
        this.localMember = hazelcast.getCluster().getLocalMember().getUuid().toString();
        listen();
    }

    private void listen() {
        UUID created = epochs.addEntryListener((EntryAddedListener<String, String>) event ->
                executor.execute(() -> openIfWatched(TopicName.of(event.getKey()))), false);
        listenerRemovals.add(() -> epochs.removeEntryListener(created));
        UUID removed = epochs.addEntryListener((EntryRemovedListener<String, String>) event ->
                executor.execute(() -> forgotten(TopicName.of(event.getKey()))), false);
        listenerRemovals.add(() -> epochs.removeEntryListener(removed));
        UUID events = presenceEvents.addMessageListener(message -> {
            if (!message.getPublishingMember().localMember()) {
                executor.execute(() -> announceRemote(message.getMessageObject()));
            }
        });
        listenerRemovals.add(() -> presenceEvents.removeMessageListener(events));
        UUID members = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                executor.execute(() -> forgetPresenceOf(event.getMember()));
            }
        });
        listenerRemovals.add(() -> hazelcast.getCluster().removeMembershipListener(members));
    }

    /** Stops reading and listening; the cluster's data stays for the other nodes. */
    void close() {
        feeds.values().forEach(RingbufferFeed::stop);
        feeds.clear();
        for (Runnable removal : listenerRemovals) {
            try {
                removal.run();
            } catch (HazelcastInstanceNotActiveException alreadyDown) {
                return;
            }
        }
    }

    @Override
    public CompletionStage<Publication> publish(TopicName topic, JsonValue data, String publisher) {
        String epoch = epochOf(topic);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long sequence = ringbuffer(topic).add(StoredMessage.encode(codec, now, data));
        published.increment();
        return CompletableFuture.completedFuture(new Publication(topic, sequence + 1, epoch, now, data));
    }

    @Override
    public boolean keepsTopicsElsewhere() {
        return true;
    }

    @Override
    public void subscribe(Subscriber subscriber, TopicPattern pattern, Position since, boolean presence,
                          Consumer<Recovery> beforeLive) {
        if (!pattern.isExact()) {
            // mirrored before the subscription is in force (its ack): a message published meanwhile elsewhere
            // is then in the mirror's feed, not in a snapshot that wildcard subscribers never see
            for (String name : epochs.keySet()) {
                TopicName topic = TopicName.of(name);
                if (pattern.matches(topic)) {
                    mirror.open(topic);
                }
            }
            mirror.subscribe(subscriber, pattern, since, presence, beforeLive);
            return;
        }
        mirror.subscribe(subscriber, pattern, since, presence, beforeLive);
        String topic = pattern.asTopic().value();
        this.presence.put(topic, presenceEntry(subscriber));
        presenceEvents.publish(presenceEvent("join", topic, subscriber.session(), subscriber.user()));
    }

    @Override
    public void unsubscribe(Subscriber subscriber, TopicPattern pattern) {
        mirror.unsubscribe(subscriber, pattern);
        if (!pattern.isExact()) {
            return;
        }
        String topic = pattern.asTopic().value();
        try {
            presence.remove(topic, presenceEntry(subscriber));
            presenceEvents.publish(presenceEvent("leave", topic, subscriber.session(), subscriber.user()));
        } catch (HazelcastInstanceNotActiveException stopping) {
            // the node is going down; the others forget its members when it leaves
        }
    }

    /** Reads nothing into being: a topic the cluster does not know has no epoch and no history. */
    @Override
    public HistorySlice history(TopicName topic, Position since, int limit) {
        String epoch = existingEpoch(topic);
        if (epoch == null) {
            return HistorySlice.none(topic, since);
        }
        Ringbuffer<String> ringbuffer = ringbuffer(topic);
        int count = Math.min(limit, historySize);
        while (true) {
            long last = ringbuffer.tailSequence() + 1;
            long head = retainedFrom(ringbuffer, last);
            try {
                if (since != null && epoch.equals(since.epoch()) && since.offset() <= last
                        && (since.offset() == last || since.offset() >= head)) {
                    long wanted = Math.min(count, last - since.offset());
                    return page(topic, epoch, true, read(topic, epoch, ringbuffer, since.offset(), wanted), wanted, last);
                }
                long from = Math.max(head, last - count);
                boolean complete = since == null && head == 0;
                return page(topic, epoch, complete, read(topic, epoch, ringbuffer, from, last - from), last - from, last);
            } catch (StaleSequenceException overtaken) {
                // older messages were dropped while reading; look again
            }
        }
    }

    /** The first messages whose frames fit in a page, and where the next page starts if they did not all fit. */
    private HistorySlice page(TopicName topic, String epoch, boolean recovered, List<Publication> read, long wanted,
                              long last) {
        List<Publication> page = new ArrayList<>();
        long chars = 0;
        for (Publication publication : read) {
            chars += codec.encode(publication.toFrame()).length();
            if (chars > pageChars && !page.isEmpty()) {
                break;
            }
            page.add(publication);
        }
        long end = page.isEmpty() ? 0 : page.get(page.size() - 1).offset();
        Position next = !page.isEmpty() && page.size() < wanted && end < last ? new Position(end, epoch) : null;
        return new HistorySlice(topic, epoch, recovered, page, next);
    }

    @Override
    public boolean exists(TopicName topic) {
        return existingEpoch(topic) != null;
    }

    @Override
    public List<io.switchboard.topic.Member> presence(TopicName topic) {
        List<io.switchboard.topic.Member> members = new ArrayList<>();
        for (String entry : presence.get(topic.value())) {
            String[] fields = entry.split("\n", 3);
            members.add(new io.switchboard.topic.Member(fields[1], fields[2].isEmpty() ? null : fields[2]));
        }
        members.sort(Comparator.comparing(io.switchboard.topic.Member::session));
        return members;
    }

    @Override
    public List<TopicInfo> topics() {
        List<TopicInfo> result = new ArrayList<>();
        for (Map.Entry<String, String> topic : epochs.entrySet()) {
            Ringbuffer<String> ringbuffer = ringbuffer(TopicName.of(topic.getKey()));
            result.add(new TopicInfo(topic.getKey(), presence.valueCount(topic.getKey()),
                    ringbuffer.tailSequence() + 1, topic.getValue(), (int) Math.min(historySize, ringbuffer.size())));
        }
        result.sort(Comparator.comparing(TopicInfo::topic));
        return result;
    }

    /** Topics are counted cluster-wide; subscriptions and publishes are this node's. */
    @Override
    public EngineStats stats() {
        EngineStats mirrored = mirror.stats();
        return new EngineStats(epochs.size(), mirrored.subscriptions(), published.sum(), mirrored.retainedBytes(),
                mirrored.evicted());
    }

    @Override
    public void sweep() {
        mirror.sweep();
        if (++sweeps % SWEEPS_PER_FORGETTING == 0 && HazelcastCluster.isOldest(hazelcast)
                && forgetting.compareAndSet(false, true)) {
            // two remote calls per topic: on a worker, not on the timer that also sends heartbeats
            executor.execute(() -> {
                try {
                    forgetUnused();
                } finally {
                    forgetting.set(false);
                }
            });
        }
    }

    /**
     * The oldest node removes, cluster-wide, the topics that retain nothing (every message expired) and that
     * nobody subscribes to exactly: their epoch and their ringbuffer. Every node then forgets them too
     * ({@link #forgotten}), so cluster state is as large as what is in use, as on one node.
     */
    private void forgetUnused() {
        int forgotten = 0;
        for (Map.Entry<String, String> topic : epochs.entrySet()) {
            Ringbuffer<String> ringbuffer = ringbuffer(TopicName.of(topic.getKey()));
            if (ringbuffer.size() == 0 && presence.valueCount(topic.getKey()) == 0
                    && epochs.remove(topic.getKey(), topic.getValue())) {
                ringbuffer.destroy();
                forgotten++;
            }
        }
        if (forgotten > 0) {
            int count = forgotten;
            LOG.info(() -> "The cluster forgot " + count + " topics that retain nothing and have no subscribers");
        }
    }

    /** A topic the cluster forgot: this node stops mirroring it, and numbers it afresh if it is used again. */
    private void forgotten(TopicName topic) {
        knownEpochs.remove(topic.value());
        mirror.forget(topic);
    }

    @Override
    public int historyCapacity() {
        return historySize;
    }

    // TopicOrigin: the mirror opens and closes topics through these.

    @Override
    public Snapshot open(TopicName topic) {
        String epoch = epochOf(topic);
        Ringbuffer<String> ringbuffer = ringbuffer(topic);
        while (true) {
            long last = ringbuffer.tailSequence() + 1;
            long head = retainedFrom(ringbuffer, last);
            try {
                List<Publication> retained = read(topic, epoch, ringbuffer, head, last - head);
                RingbufferFeed feed = new RingbufferFeed(topic.value(), ringbuffer, last,
                        (sequence, item) -> mirror.apply(StoredMessage.decode(codec, topic, sequence + 1, epoch, item)),
                        executor);
                RingbufferFeed previous = feeds.put(topic, feed);
                if (previous != null) {
                    previous.stop();
                }
                feed.start();
                return new Snapshot(epoch, last, retained);
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

    private void openIfWatched(TopicName topic) {
        if (mirror.watchedByPattern(topic)) {
            mirror.openCreated(topic);
        }
    }

    private void announceRemote(String event) {
        String[] fields = event.split("\n", 4);
        TopicName topic = TopicName.of(fields[1]);
        String user = fields[3].isEmpty() ? null : fields[3];
        mirror.announceRemote(topic, fields[0].equals("join")
                ? new ServerFrame.Join(topic.value(), fields[2], user)
                : new ServerFrame.Leave(topic.value(), fields[2], user));
    }

    /** The oldest node forgets the subscriptions of a node that left, and tells presence subscribers. */
    private void forgetPresenceOf(Member gone) {
        if (!HazelcastCluster.isOldest(hazelcast)) {
            return;
        }
        String prefix = gone.getUuid() + "\n";
        for (Map.Entry<String, String> entry : presence.entrySet()) {
            if (entry.getValue().startsWith(prefix) && presence.remove(entry.getKey(), entry.getValue())) {
                String[] fields = entry.getValue().split("\n", 3);
                String event = presenceEvent("leave", entry.getKey(), fields[1], fields[2]);
                presenceEvents.publish(event);
                announceRemote(event);
            }
        }
    }

    /** The topic's epoch, or null when the cluster does not know the topic; creates nothing. */
    private String existingEpoch(TopicName topic) {
        String known = knownEpochs.get(topic.value());
        return known != null ? known : epochs.get(topic.value());
    }

    private String epochOf(TopicName topic) {
        return knownEpochs.computeIfAbsent(topic.value(), name -> {
            String fresh = Epochs.next();
            String existing = epochs.putIfAbsent(name, fresh);
            return existing == null ? fresh : existing;
        });
    }

    /** The sequence of the oldest message that counts as retained: history-size, as on a single node. */
    private long retainedFrom(Ringbuffer<String> ringbuffer, long last) {
        return Math.max(ringbuffer.headSequence(), last - historySize);
    }

    private Ringbuffer<String> ringbuffer(TopicName topic) {
        return hazelcast.getRingbuffer(RINGBUFFERS + topic.value());
    }

    /** {@code count} messages from {@code sequence} on (sequence = offset - 1), in batches the cluster allows. */
    private List<Publication> read(TopicName topic, String epoch, Ringbuffer<String> ringbuffer, long sequence,
                                   long count) {
        List<Publication> result = new ArrayList<>((int) Math.max(0, count));
        long next = sequence;
        long left = count;
        while (left > 0) {
            ReadResultSet<String> batch = await(ringbuffer.readManyAsync(next, 0, (int) Math.min(left, MAX_READ), null)
                    .toCompletableFuture());
            if (batch.readCount() == 0) {
                break;
            }
            for (int i = 0; i < batch.size(); i++) {
                result.add(StoredMessage.decode(codec, topic, batch.getSequence(i) + 1, epoch, batch.get(i)));
            }
            next = batch.getNextSequenceToReadFrom();
            left -= batch.readCount();
        }
        return result;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(REMOTE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster did not answer within " + REMOTE_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading from the cluster", e);
        }
    }

    /** One exact subscription in the presence multimap: "member \n session \n user". */
    private String presenceEntry(Subscriber subscriber) {
        return String.join("\n", localMember, subscriber.session(), nullable(subscriber.user()));
    }

    /** A join or leave for the other nodes: "join|leave \n topic \n session \n user". */
    private static String presenceEvent(String kind, String topic, String session, String user) {
        return String.join("\n", kind, topic, session, nullable(user));
    }

    private static String nullable(String user) {
        return user == null ? "" : user;
    }

    static void logStart(HazelcastInstance hazelcast) {
        LOG.log(Level.INFO, "Switchboard topics live in the Hazelcast cluster ''{0}'' ({1} members)",
                new Object[]{hazelcast.getConfig().getClusterName(), hazelcast.getCluster().getMembers().size()});
    }
}
