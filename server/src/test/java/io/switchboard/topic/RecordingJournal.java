package io.switchboard.topic;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A journal the test drives: it keeps what was appended until {@link #commitAll} or {@link #failAll}, and remembers
 * what it committed, trimmed and forgot, which it restores into the next engine as a database would.
 */
final class RecordingJournal implements Journal {

    final Map<TopicName, List<Publication>> stored = new LinkedHashMap<>();
    final Map<TopicName, Long> trimmedBelow = new LinkedHashMap<>();
    final List<TopicName> forgotten = new ArrayList<>();
    private final List<Numbered> pending = new ArrayList<>();
    private final List<CompletableFuture<Publication>> futures = new ArrayList<>();
    private Listener listener;

    @Override
    public void start(Listener engine) {
        this.listener = engine;
    }

    @Override
    public void restore(BiConsumer<TopicName, TopicOrigin.Snapshot> topics) {
        stored.forEach((topic, messages) -> {
            List<Publication> kept = messages.stream()
                    .filter(p -> p.offset() >= trimmedBelow.getOrDefault(topic, 0L)).toList();
            Publication last = messages.get(messages.size() - 1);
            topics.accept(topic, new TopicOrigin.Snapshot(last.epoch(), last.offset(), kept));
        });
    }

    @Override
    public synchronized CompletableFuture<Publication> append(Numbered message, String publisher) {
        CompletableFuture<Publication> done = new CompletableFuture<>();
        pending.add(message);
        futures.add(done);
        return done;
    }

    @Override
    public boolean accepting() {
        return true;
    }

    @Override
    public synchronized void trim(TopicName topic, String epoch, long firstKept) {
        trimmedBelow.put(topic, firstKept);
    }

    @Override
    public synchronized void forget(TopicName topic) {
        forgotten.add(topic);
        stored.remove(topic);
    }

    synchronized void commitAll() {
        for (int i = 0; i < pending.size(); i++) {
            Publication publication = pending.get(i).publication();
            stored.computeIfAbsent(publication.topic(), t -> new ArrayList<>()).add(publication);
            listener.committed(pending.get(i));
            futures.get(i).complete(publication);
        }
        pending.clear();
        futures.clear();
    }

    synchronized void failAll() {
        futures.forEach(f -> f.completeExceptionally(new SwitchboardException(ErrorCode.UNAVAILABLE, "down")));
        pending.clear();
        futures.clear();
        listener.rewind();
    }
}
