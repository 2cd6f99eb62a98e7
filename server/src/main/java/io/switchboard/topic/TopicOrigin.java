package io.switchboard.topic;

import java.util.List;

/**
 * Where a topic's numbering comes from when the topic first appears on this node. A single node numbers its own
 * topics; in a cluster the numbering and the history live in the cluster, and a node mirrors the topics its
 * clients use, fed in offset order through {@link MirrorTopicEngine#apply}.
 */
public interface TopicOrigin {

    /** A fresh numbering: a new epoch and nothing retained. */
    TopicOrigin LOCAL = topic -> new Snapshot(Epochs.next(), 0, List.of());

    /** The topic's epoch, its last offset and what it retains (oldest first), as this node starts to keep it. */
    Snapshot open(TopicName topic);

    /** This node no longer keeps the topic. */
    default void closed(TopicName topic) {
    }

    /** Whether topics live on elsewhere (a cluster) when this node no longer keeps them. */
    default boolean keepsTopicsElsewhere() {
        return false;
    }

    record Snapshot(String epoch, long lastOffset, List<Publication> retained) {
    }
}
