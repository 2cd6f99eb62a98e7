package io.switchboard.topic;

import java.time.Duration;

/**
 * How one topic keeps its history.
 *
 * @param historySize the most messages it retains
 * @param historyTtl  how long it retains a message
 * @param durable     whether its messages are committed to the store before they count as published
 */
public record TopicPolicy(int historySize, Duration historyTtl, boolean durable) {
}
