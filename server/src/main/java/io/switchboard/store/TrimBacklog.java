package io.switchboard.store;

import io.switchboard.store.MessageStore.Trim;
import io.switchboard.topic.TopicName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trims the engine asked for, handed to commits a bounded slice at a time. The engine trims every topic once
 * a sweep, so a topic that takes thousands of publishes a second asks for thousands of rows to go at once; deleted
 * in one commit they held up every publish behind it for that long. Each commit now deletes at most
 * {@link #OFFSETS_PER_COMMIT} offsets' worth, topics taking turns, and the writer commits slices on its own while
 * no publish comes.
 * <p>
 * A slice is bounded by offsets from where the last committed trim of the topic (in the same epoch) ended; where
 * that is not known (the first trim of a topic since the start, or after a new epoch), the whole trim goes at once:
 * what lies below it is what accumulated since the last trim before a restart, bounded like any other. Used by
 * the writer thread only.
 */
final class TrimBacklog {

    static final long OFFSETS_PER_COMMIT = 256;

    /** Per topic, the latest trim asked for and not yet handed out; in turn order. */
    private final Map<TopicName, Trim> wanted = new LinkedHashMap<>();
    /** Per topic, the last trim committed: below it nothing is left. */
    private final Map<TopicName, Trim> done = new HashMap<>();

    void add(Trim trim) {
        wanted.put(trim.topic(), trim);
    }

    /** The topic's rows are all deleted: none of its trims is needed any more. */
    void forget(TopicName topic) {
        wanted.remove(topic);
        done.remove(topic);
    }

    boolean isEmpty() {
        return wanted.isEmpty();
    }

    /** The next commit's share: whole trims, and at most one slice of a larger one, whose rest goes last in turn. */
    List<Trim> take() {
        List<Trim> slice = new ArrayList<>();
        long budget = OFFSETS_PER_COMMIT;
        Trim rest = null;
        for (Iterator<Trim> turns = wanted.values().iterator(); turns.hasNext() && budget > 0; ) {
            Trim trim = turns.next();
            turns.remove();
            Trim last = done.get(trim.topic());
            long from = last != null && last.epoch().equals(trim.epoch()) ? last.offset() : -1;
            if (from >= trim.offset()) {
                continue; // already done
            }
            if (from < 0 || trim.offset() - from <= budget) {
                slice.add(trim);
                budget -= from < 0 ? budget : trim.offset() - from;
            } else {
                slice.add(new Trim(trim.topic(), trim.epoch(), from + budget));
                budget = 0;
                rest = trim;
            }
        }
        if (rest != null) {
            wanted.putIfAbsent(rest.topic(), rest);
        }
        return slice;
    }

    /** {@code slice} is committed: the next slices of its topics start where it ended. */
    void committed(List<Trim> slice) {
        slice.forEach(trim -> done.merge(trim.topic(), trim,
                (kept, next) -> kept.epoch().equals(next.epoch()) && kept.offset() > next.offset() ? kept : next));
    }
}
