package io.switchboard.topic;

import java.util.List;

/**
 * An answer to a history query: the topic's epoch (null when the topic does not exist), whether it continues from
 * {@code since}, one page of messages, and {@code next}, the {@code since} of the following page when this one
 * could not hold everything asked for (null otherwise).
 */
public record HistorySlice(TopicName topic, String epoch, boolean recovered, List<Publication> messages,
                           Position next) {

    /** A topic nobody uses and that retains nothing has no numbering yet, and nothing to recover. */
    public static HistorySlice none(TopicName topic, Position since) {
        return new HistorySlice(topic, null, since == null, List.of(), null);
    }
}
