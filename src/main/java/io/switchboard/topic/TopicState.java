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
    final RetainedHistory history;
    /** Exact subscribers, each with whether it asked for join/leave events. */
    final Map<Subscriber, Boolean> subscribers = new LinkedHashMap<>();
    long lastOffset;
    /** Set when the sweeper has removed this topic; a thread that still holds it must look the topic up again. */
    boolean retired;
    /** The last offset the topic had when this node opened it (a mirror's snapshot). */
    final long openedAt;
    /** Whether the snapshot was handed to wildcard subscribers as new (a mirror of a newly created topic). */
    boolean replayedToPatterns;

    TopicState(TopicName name, TopicOrigin.Snapshot origin, int historySize) {
        this.name = name;
        this.epoch = origin.epoch();
        this.history = new RetainedHistory(historySize);
        this.lastOffset = origin.lastOffset();
        this.openedAt = origin.lastOffset();
        origin.retained().forEach(history::append);
    }

    Publication append(JsonValue data, Instant now) {
        Publication publication = new Publication(name, lastOffset + 1, epoch, now, data);
        accept(publication);
        return publication;
    }

    /**
     * Takes a message numbered elsewhere; false if it was already here. A gap (a mirror that fell too far
     * behind its cluster) restarts the retained history, so that what is retained stays consecutive.
     */
    boolean accept(Publication publication) {
        if (publication.offset() <= lastOffset) {
            return false;
        }
        if (publication.offset() != lastOffset + 1) {
            history.clear();
        }
        history.append(publication);
        lastOffset = publication.offset();
        return true;
    }

    Recovery recoveryFrom(Position since) {
        if (since == null) {
            return new Recovery(lastOffset, epoch, null, List.of());
        }
        boolean recovered = continuesFrom(since);
        List<Publication> missed = recovered ? history.after(since.offset(), Integer.MAX_VALUE) : List.of();
        return new Recovery(lastOffset, epoch, recovered, missed);
    }

    /** Without {@code since}: the newest messages, recovered when nothing of this epoch was dropped yet. */
    HistorySlice slice(Position since, int limit) {
        if (since != null && continuesFrom(since)) {
            return new HistorySlice(name, epoch, true, history.after(since.offset(), limit));
        }
        boolean complete = since == null && history.continuesFrom(0, lastOffset);
        return new HistorySlice(name, epoch, complete, history.latest(limit));
    }

    TopicInfo info() {
        return new TopicInfo(name.value(), subscribers.size(), lastOffset, epoch, history.size());
    }

    private boolean continuesFrom(Position since) {
        return epoch.equals(since.epoch()) && history.continuesFrom(since.offset(), lastOffset);
    }
}
