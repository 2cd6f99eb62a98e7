package io.switchboard.cluster;

import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.topic.HistorySlice;
import io.switchboard.topic.Position;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicName;

import java.util.ArrayList;
import java.util.List;

/**
 * What a topic's ringbuffer retains, read as a single node's history reads: at most history-size messages, in
 * pages of at most the page size, recovered from a position when nothing after it was dropped.
 */
final class RingbufferHistory {

    /** Hazelcast reads at most 1000 items at once. */
    private static final int MOST_PER_READ = 1000;

    private final FrameCodec codec;
    private final int historySize;
    private final long pageChars;

    RingbufferHistory(FrameCodec codec, int historySize, long pageChars) {
        this.codec = codec;
        this.historySize = historySize;
        this.pageChars = pageChars;
    }

    HistorySlice slice(TopicName topic, Numbering numbering, Ringbuffer<String> ringbuffer, Position since,
                       int limit) {
        String epoch = numbering.epoch();
        int count = Math.min(limit, historySize);
        while (true) {
            long last = numbering.offset(ringbuffer.tailSequence());
            long head = retainedAfter(ringbuffer, numbering, last);
            try {
                if (since != null && epoch.equals(since.epoch()) && since.offset() <= last
                        && (since.offset() == last || since.offset() >= head)) {
                    long wanted = Math.min(count, last - since.offset());
                    return page(topic, epoch, true, read(topic, numbering, ringbuffer, since.offset(), wanted),
                            wanted, last);
                }
                long from = Math.max(head, last - count);
                boolean complete = since == null && head == 0;
                return page(topic, epoch, complete, read(topic, numbering, ringbuffer, from, last - from),
                        last - from, last);
            } catch (StaleSequenceException overtaken) {
                // older messages were dropped while reading; look again
            }
        }
    }

    /**
     * The offset before the oldest message that counts as retained: history-size, as on a single node, and
     * nothing before what the ringbuffer holds.
     */
    long retainedAfter(Ringbuffer<String> ringbuffer, Numbering numbering, long last) {
        return Math.max(numbering.offset(ringbuffer.headSequence()) - 1, last - historySize);
    }

    /** The messages among the {@code count} offsets after {@code offset}, in batches the cluster allows. */
    List<Publication> read(TopicName topic, Numbering numbering, Ringbuffer<String> ringbuffer, long offset,
                           long count) {
        List<Publication> result = new ArrayList<>((int) Math.max(0, count));
        long next = numbering.sequenceAfter(offset);
        long left = count;
        while (left > 0) {
            ReadResultSet<String> batch = Remote.await(
                    ringbuffer.readManyAsync(next, 0, (int) Math.min(left, MOST_PER_READ), null));
            if (batch.readCount() == 0) {
                break;
            }
            for (int i = 0; i < batch.size(); i++) {
                if (StoredMessage.isHole(batch.get(i))) {
                    continue;
                }
                result.add(StoredMessage.decode(codec, topic, numbering.offset(batch.getSequence(i)),
                        numbering.epoch(), batch.get(i)));
            }
            next = batch.getNextSequenceToReadFrom();
            left -= batch.readCount();
        }
        return result;
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
}
