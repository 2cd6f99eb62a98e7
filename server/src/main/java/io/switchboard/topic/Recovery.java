package io.switchboard.topic;

import java.util.List;

/**
 * What a new subscription starts from, handed to the subscriber before any live message: for an exact topic its
 * last offset and epoch, whether a requested {@code since} could be honoured, and the messages missed since then.
 * For wildcard subscriptions {@code lastOffset}, {@code epoch} and {@code recovered} are null.
 */
public record Recovery(Long lastOffset, String epoch, Boolean recovered, List<Publication> missed) {

    static Recovery forPattern() {
        return new Recovery(null, null, null, List.of());
    }
}
