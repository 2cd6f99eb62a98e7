package io.switchboard.client;

import io.switchboard.protocol.ClientFrame.Since;

/**
 * How to subscribe to an exact topic: from after a message seen before ({@code since}, e.g. kept by the
 * application across restarts), and whether to hear of others joining and leaving ({@code presence}).
 */
public record SubscribeOptions(Since since, boolean presence) {

    public static final SubscribeOptions NONE = new SubscribeOptions(null, false);

    /** Everything after offset {@code offset} of {@code epoch}, then live messages, with no gap or the lost event. */
    public static SubscribeOptions since(long offset, String epoch) {
        return new SubscribeOptions(new Since(offset, epoch), false);
    }

    public SubscribeOptions withPresence() {
        return new SubscribeOptions(since, true);
    }
}
