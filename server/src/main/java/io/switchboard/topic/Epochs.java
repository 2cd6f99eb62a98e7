package io.switchboard.topic;

import java.util.concurrent.ThreadLocalRandom;

/** Epochs are opaque to clients: a random base-36 number is enough to tell one numbering from the next. */
public final class Epochs {

    private Epochs() {
    }

    public static String next() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }
}
