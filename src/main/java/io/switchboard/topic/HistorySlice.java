package io.switchboard.topic;

import java.util.List;

/** An answer to a history query: the topic's epoch, whether it continues from {@code since}, and the messages. */
public record HistorySlice(TopicName topic, String epoch, boolean recovered, List<Publication> messages) {
}
