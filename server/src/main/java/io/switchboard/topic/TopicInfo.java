package io.switchboard.topic;

/** One line of the topic list: who listens, where the numbering is, how much is retained. */
public record TopicInfo(String topic, int subscribers, long offset, String epoch, int retained) {
}
