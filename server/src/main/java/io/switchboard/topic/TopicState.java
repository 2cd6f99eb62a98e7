package io.switchboard.topic;

import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One live topic of the local engine. Every field is guarded by {@link #lock}: holding it while numbering and
 * fanning out is what keeps each subscriber's stream in offset order and recovery free of gaps and duplicates.
 */
final class TopicState {

    final ReentrantLock lock = new ReentrantLock();
    final TopicName name;
    final String epoch;
    final TopicPolicy policy;
    final RetainedHistory history;
    /** Exact subscribers, each with whether it asked for join/leave events. */
    final Map<Subscriber, Boolean> subscribers = new LinkedHashMap<>();
    long lastOffset;
    /** The last offset handed out: ahead of {@link #lastOffset} while durable messages wait for their commit. */
    long assigned;
    /** What the store was last told it may delete: the offsets before this one (durable topics). */
    long trimmedBelow;
    /**
     * Set when the sweeper has removed this topic; a thread that still holds it must look the topic up again.
     * Read without the lock by the budget's compaction.
     */
    volatile boolean retired;
    /** The last offset the topic had when this node opened it (a mirror's snapshot). */
    final long openedAt;
    /** Whether the snapshot was handed to wildcard subscribers as new (a mirror of a newly created topic). */
    boolean replayedToPatterns;

    private final RetentionBudget budget;

    TopicState(TopicName name, TopicOrigin.Snapshot origin, TopicLimits retention) {
        this.name = name;
        this.epoch = origin.epoch();
        this.budget = retention.budget();
        this.policy = retention.policies().of(name);
        this.history = new RetainedHistory(policy.historySize(), retention.topicBytes(), budget::released);
        this.openedAt = origin.lastOffset();
        List<Publication> retained = origin.retained();
        this.lastOffset = retained.isEmpty() ? origin.lastOffset() : retained.get(0).offset() - 1;
        // what the origin retains may leave out offsets: messages numbered but never committed, see skip()
        for (Publication publication : retained) {
            skipTo(publication.offset() - 1, publication.time());
            retain(publication, retention.frameChars(publication));
        }
        if (!retained.isEmpty()) {
            skipTo(origin.lastOffset(), retained.get(retained.size() - 1).time());
        }
        this.lastOffset = origin.lastOffset();
        this.assigned = lastOffset;
        this.trimmedBelow = retained.isEmpty() ? 0 : retained.get(0).offset();
    }

    /** The next message of this topic, not yet retained. */
    Publication next(JsonValue data, Instant now) {
        return new Publication(name, ++assigned, epoch, now, data);
    }

    /** Takes back the message {@link #next} just numbered: the store did not take it. */
    void unnumber(Publication publication) {
        if (publication.offset() == assigned) {
            assigned--;
        }
    }

    /** Whether messages numbered here still wait for their commit. */
    boolean committing() {
        return assigned > lastOffset;
    }

    void dropExpired(Instant now) {
        history.dropOlderThan(now.minus(policy.historyTtl()));
    }

    /** The first offset the topic still retains, past what the store was told; or 0 if there is no news. */
    long untrimmed() {
        long first = history.size() == 0 ? lastOffset + 1 : history.firstOffset();
        return first > trimmedBelow ? first : 0;
    }

    /**
     * Takes a message, numbered here by {@link #next} or elsewhere; false if it was already here. A gap (a mirror
     * that fell too far behind its cluster) restarts the retained history, so that what is retained stays
     * consecutive. {@code frameChars} is the length of its {@code message} frame.
     */
    boolean retain(Publication publication, int frameChars) {
        return retain(publication, Footprint.of(publication.data()), frameChars);
    }

    /** The same, for a message whose {@link Footprint} is known already. */
    boolean retain(Publication publication, long footprint, int frameChars) {
        if (!takes(publication.offset())) {
            return false;
        }
        history.append(publication, footprint, frameChars);
        budget.retained(this, publication.offset(), footprint);
        advanceTo(publication.offset());
        return true;
    }

    /**
     * Takes an offset whose message was numbered but never committed (a cluster's node died in between), as a
     * hole in the history that recovery goes across; nothing if the topic was past it already.
     */
    void skip(long offset, Instant time) {
        if (takes(offset)) {
            history.hole(offset, time);
            advanceTo(offset);
        }
    }

    /** Moves past offsets that will never come here: what is retained here no longer leads to what follows. */
    void skipPast(long offset) {
        history.clear();
        advanceTo(offset);
    }

    private void skipTo(long offset, Instant time) {
        for (long hole = lastOffset + 1; hole <= offset; hole++) {
            skip(hole, time);
        }
    }

    /** Whether {@code offset} is new here; a gap before it restarts the retained history, which stays consecutive. */
    private boolean takes(long offset) {
        if (offset <= lastOffset) {
            return false;
        }
        if (offset != lastOffset + 1) {
            history.clear();
        }
        return true;
    }

    private void advanceTo(long offset) {
        lastOffset = offset;
        assigned = Math.max(assigned, offset);
    }

    /**
     * Where a new subscriber starts. What it missed is replayed only if it fits in the room left in its send queue
     * ({@code roomChars} and {@code roomFrames}, the ack included): a replay that would make it a slow consumer is
     * {@code recovered:false} instead, and the client pages through {@code history}.
     */
    Recovery recoveryFrom(Position since, long roomChars, long roomFrames) {
        if (since == null) {
            return new Recovery(lastOffset, epoch, null, List.of());
        }
        boolean recovered = continuesFrom(since) && history.charsAfter(since.offset()) <= roomChars
                && lastOffset - since.offset() < roomFrames;
        List<Publication> missed = recovered
                ? history.after(since.offset(), Integer.MAX_VALUE, Long.MAX_VALUE)
                : List.of();
        return new Recovery(lastOffset, epoch, recovered, missed);
    }

    /**
     * One page of history: up to {@code limit} messages whose frames add up to at most {@code pageChars}, and
     * where the next page starts if the page could not hold them all. Without {@code since}: the newest messages,
     * recovered when nothing of this epoch was dropped yet.
     */
    HistorySlice slice(Position since, int limit, long pageChars) {
        boolean continues = since != null && continuesFrom(since);
        long after = continues ? since.offset() : history.beforeLatest(limit);
        int wanted = continues ? limit : Math.min(limit, history.size());
        boolean recovered = continues || (since == null && history.continuesFrom(0, lastOffset));
        List<Publication> page = history.after(after, wanted, pageChars);
        Position next = null;
        long pageEnd = page.isEmpty() ? after : page.get(page.size() - 1).offset();
        if (page.size() < wanted && pageEnd < lastOffset) {
            next = new Position(pageEnd, epoch);
        }
        return new HistorySlice(name, epoch, recovered, page, next);
    }

    TopicInfo info() {
        return new TopicInfo(name.value(), subscribers.size(), lastOffset, epoch, history.size());
    }

    private boolean continuesFrom(Position since) {
        return epoch.equals(since.epoch()) && history.continuesFrom(since.offset(), lastOffset);
    }
}
