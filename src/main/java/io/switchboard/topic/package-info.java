/**
 * Topics, subscriptions and history: topic names and wildcard patterns, per-topic offsets and epochs, the
 * retained history that makes gap-free recovery possible, and fan-out to subscribers. {@link
 * io.switchboard.topic.TopicEngine} is the seam a cluster engine replaces; {@link
 * io.switchboard.topic.LocalTopicEngine} is the single-node one.
 */
package io.switchboard.topic;
