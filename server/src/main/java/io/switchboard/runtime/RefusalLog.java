package io.switchboard.runtime;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * One log line per refused request, never a stack trace: what was refused, and why. Refusals come in floods
 * when someone attacks, and a log that grows without bound is a disk to fill; so at most {@link #LINES_PER_SECOND}
 * lines a second are written, and the next line says how many were left out.
 */
@ApplicationScoped
public class RefusalLog {

    static final int LINES_PER_SECOND = 20;
    private static final Logger LOG = Logger.getLogger(RefusalLog.class.getName());

    private final AtomicLong second = new AtomicLong();
    private final AtomicLong linesThisSecond = new AtomicLong();
    private final AtomicLong leftOut = new AtomicLong();

    /** @param request such as "POST /api/tokens from 10.0.0.7"; @param code the error code; @param why a sentence */
    public void refused(String request, String code, String why) {
        long now = System.currentTimeMillis() / 1000;
        long current = second.get();
        if (now != current && second.compareAndSet(current, now)) {
            linesThisSecond.set(0);
        }
        if (linesThisSecond.incrementAndGet() > LINES_PER_SECOND) {
            leftOut.incrementAndGet();
            return;
        }
        long skipped = leftOut.getAndSet(0);
        LOG.info(() -> "Refused " + request + ": " + code + " (" + oneLine(why) + ")"
                + (skipped > 0 ? "; " + skipped + " more refusals were not logged" : ""));
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
