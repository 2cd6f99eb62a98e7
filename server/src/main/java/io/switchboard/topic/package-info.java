/**
 * Topics, subscriptions and history: topic names and wildcard patterns, the subject tree that matches patterns,
 * per-topic offsets and epochs, the retained history that makes gap-free recovery possible, bounded per topic
 * and by a budget all topics share, and fan-out to subscribers. {@link io.switchboard.topic.TopicEngine} is the
 * seam a cluster engine replaces; {@link io.switchboard.topic.LocalTopicEngine} is the single-node one, and {@link
 * io.switchboard.topic.MirrorTopicEngine} the same fed by a cluster.
 * {@link io.switchboard.topic.TopicPolicies} says how each topic keeps history (size, age, durable or not), and
 * {@link io.switchboard.topic.Journal} is the seam to the store that commits durable topics.
 */
package io.switchboard.topic;
