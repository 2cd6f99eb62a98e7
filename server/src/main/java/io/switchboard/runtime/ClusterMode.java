package io.switchboard.runtime;

import java.util.Locale;

/** {@code auto}: clustered when the server runs Hazelcast (Payara with clustering on); {@code on}: must be. */
public enum ClusterMode {
    AUTO, ON, OFF;

    static ClusterMode parse(String raw) {
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("switchboard.cluster must be auto, on or off, was '" + raw + "'", e);
        }
    }
}
