package io.switchboard.store;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.SwitchboardConfig;

/** The history store as the application opens it, for tests of the features that use it. */
public final class Stores {

    private Stores() {
    }

    /** A store opened on {@code config}'s database when first asked for its journal; close it with {@link #close}. */
    public static Durability of(SwitchboardConfig config, FrameCodec codec) {
        Durability durability = new Durability();
        durability.config = config;
        durability.codec = codec;
        return durability;
    }

    /** Commits what was appended, then closes the database: the application stopping. */
    public static void close(Durability durability) {
        durability.close();
    }
}
