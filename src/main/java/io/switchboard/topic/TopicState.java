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

    TopicState(TopicName name, String epoch, int historySize) {
        this.name = name;
        this.epoch = epoch;
        this.history = new RetainedHistory(historySize);
    }

    Publication append(JsonValue data, Instant now) {
        Publication publication = new Publication(name, ++lastOffset, epoch, now, data);
        history.append(publication);
        return publication;
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

    boolean isIdle() {
        return subscribers.isEmpty() && history.size() == 0;
    }

    private boolean continuesFrom(Position since) {
        return epoch.equals(since.epoch()) && history.continuesFrom(since.offset(), lastOffset);
    }
}
