package io.switchboard.topic;

import java.util.function.ToIntFunction;

/**
 * What each topic of an engine may retain, and the budget all of them share.
 *
 * @param policies     each topic's history size, time to live and durability
 * @param topicBytes   the most bytes (estimated heap) one topic retains
 * @param budget       the bytes all topics together retain
 * @param frameCharsOf the length of a message's frame, for messages that arrive without one (a mirror's snapshot)
 */
record TopicLimits(TopicPolicies policies, long topicBytes, RetentionBudget budget,
                   ToIntFunction<Publication> frameCharsOf) {

    int frameChars(Publication publication) {
        return frameCharsOf.applyAsInt(publication);
    }
}
