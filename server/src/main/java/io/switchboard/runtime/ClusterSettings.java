package io.switchboard.runtime;

/**
 * Whether topics live in the server's Hazelcast cluster, and how.
 *
 * @param mode               {@code switchboard.cluster}
 * @param ringbufferCapacity {@code switchboard.cluster.ringbuffer-capacity}: messages a topic's ringbuffer keeps
 *                           (0: history-size, at least 1000), the slack a node has before it falls behind
 * @param member             the Hazelcast member the WAR runs itself where the server has none (WildFly, Tomcat)
 */
public record ClusterSettings(ClusterMode mode, int ringbufferCapacity, MemberSettings member) {

    static ClusterSettings from(Settings settings) {
        return new ClusterSettings(ClusterMode.parse(settings.get("switchboard.cluster").orElse("auto")),
                settings.nonNegative("switchboard.cluster.ringbuffer-capacity", 0), MemberSettings.from(settings));
    }
}
