package io.switchboard.store;

import io.switchboard.store.MessageStore.Batch;
import io.switchboard.store.MessageStore.Trim;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The history store's unavailability, as the writer sees it: since when and why, what the failed commits may have
 * left in the database after all (to delete before appends are taken again), and the maintenance they carried (to
 * do once the database answers; only the latest trim of each topic). Written by the writer thread only; its cause
 * is read by health checks from any thread.
 */
final class Outage {

    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private volatile String cause;
    private volatile Instant since;
    private final Map<String, Trim> uncertain = new LinkedHashMap<>();
    private final Map<String, Trim> trims = new LinkedHashMap<>();
    private final Set<TopicName> forgotten = new LinkedHashSet<>();
    private Instant nextRetry = Instant.MIN;

    boolean isOn() {
        return cause != null;
    }

    /** Why publishes to durable topics are refused, if they are. */
    Optional<String> problem() {
        String why = cause;
        return why == null ? Optional.empty() : Optional.of("history store unreachable since " + since + ": " + why);
    }

    /** A commit failed (or the database still does not answer). */
    void failed(Throwable e, Instant now) {
        if (cause == null) {
            since = now;
        }
        cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A message of a failed commit: it, and what follows it in its topic's epoch, may be in the database. */
    void uncertain(Publication p) {
        uncertain.putIfAbsent(p.topic().value() + '\n' + p.epoch(), new Trim(p.topic(), p.epoch(), p.offset()));
    }

    void defer(Trim trim) {
        trims.put(trim.topic().value() + '\n' + trim.epoch(), trim);
    }

    void defer(TopicName topic) {
        forgotten.add(topic);
    }

    /** Whether a second has passed since the last look: the writer asks the database that often. */
    boolean dueForRetry(Instant now) {
        if (now.isBefore(nextRetry)) {
            return false;
        }
        nextRetry = now.plus(RETRY_INTERVAL);
        return true;
    }

    /** Where to delete from, per topic and epoch, before appends are taken again. */
    List<Trim> uncertain() {
        return new ArrayList<>(uncertain.values());
    }

    /** The database answers again and the uncertain rows are gone: the maintenance left to do, and no outage. */
    Batch end() {
        Batch maintenance = new Batch(List.of(), new ArrayList<>(trims.values()), new ArrayList<>(forgotten));
        uncertain.clear();
        trims.clear();
        forgotten.clear();
        cause = null;
        since = null;
        return maintenance;
    }
}
