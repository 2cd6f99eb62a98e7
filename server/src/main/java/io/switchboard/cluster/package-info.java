/**
 * Scale-out: which {@link io.switchboard.topic.TopicEngine} this node runs, and, in a Hazelcast cluster (Payara's
 * own member, or one the deployment starts where the server has none: {@link io.switchboard.cluster.EmbeddedMember}),
 * the engine that keeps topics in it. Offsets and history live in
 * one Hazelcast ringbuffer per topic, with a backup; epochs in a map; presence in a multimap. Each node mirrors
 * the topics its clients use in a {@link io.switchboard.topic.MirrorTopicEngine}, fed in offset order by one
 * ringbuffer reader per topic, so subscriptions, recovery and fan-out are the single-node code. With a history
 * store all nodes share, durable topics are committed there before they are acknowledged and taken up from it
 * after a restart of every node ({@link io.switchboard.cluster.ClusterEpochs}). Only this
 * package touches Hazelcast types.
 */
package io.switchboard.cluster;
