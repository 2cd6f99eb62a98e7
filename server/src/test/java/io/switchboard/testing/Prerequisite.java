package io.switchboard.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * A Debian package some tests need (Chromium, nginx). Without it they skip with a message, unless {@code CI} is
 * set: CI installs them, so there a missing one is a failure, not a skip.
 */
final class Prerequisite {

    private Prerequisite() {
    }

    static void missing(String what) {
        if (System.getenv("CI") != null) {
            throw new IllegalStateException(what + ", and CI is set, so these tests may not be skipped");
        }
        Assumptions.abort(what + ": skipping");
    }
}
