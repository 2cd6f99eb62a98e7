package io.switchboard.runtime;

import java.util.Locale;

/** {@code switchboard.store}: {@code jdbc} commits durable topics before they are acknowledged; {@code memory} keeps history in memory only. */
public enum StoreKind {
    JDBC, MEMORY;

    static StoreKind parse(String raw) {
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("switchboard.store must be jdbc or memory, was '" + raw + "'", e);
        }
    }
}
