package io.switchboard.runtime;

import jakarta.enterprise.context.ApplicationScoped;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether this node can still be trusted to serve, for {@code /health}: not after the JVM has thrown an
 * {@link VirtualMachineError} (out of memory, stack overflow outside a parser) where Switchboard saw it, since any
 * structure may be half updated then; not while the heap stays nearly full even after the collector ran (where
 * an out-of-memory error is next, or was thrown in a container's thread that Switchboard never sees); and not
 * while a periodic housekeeping task has stopped running (heartbeats, expiry, metrics). An orchestrator that sees
 * DOWN restarts the node; that is the recovery.
 */
@ApplicationScoped
public class Liveness {

    private static final Logger LOG = Logger.getLogger(Liveness.class.getName());
    /** How many periods a task may miss before the node counts as broken, plus a pause of the timer's own. */
    private static final int MISSED_PERIODS = 3;
    private static final Duration PAUSE_ALLOWANCE = Duration.ofSeconds(5);
    /** Full this much after a collection, a heap has no room left to work in. */
    static final double EXHAUSTED_AFTER_COLLECTION = 0.95;

    /** A periodic task's proof of life. */
    public static final class Beat {
        private final Duration period;
        private volatile long lastNanos = System.nanoTime();

        private Beat(Duration period) {
            this.period = period;
        }

        public void ran() {
            lastNanos = System.nanoTime();
        }

        boolean late(long now) {
            return now - lastNanos > period.multipliedBy(MISSED_PERIODS).plus(PAUSE_ALLOWANCE).toNanos();
        }
    }

    private final Map<String, Beat> beats = new ConcurrentHashMap<>();
    private volatile String fatal;

    /** Registers a task that must run every {@code period}; it calls {@link Beat#ran()} each time it does. */
    public Beat expectEvery(String task, Duration period) {
        Beat beat = new Beat(period);
        beats.put(task, beat);
        return beat;
    }

    /** Records a throwable seen anywhere: a {@link VirtualMachineError} makes the node DOWN for good. */
    public void saw(Throwable failure) {
        if (failure instanceof VirtualMachineError && fatal == null) {
            fatal = failure.getClass().getSimpleName() + " at " + Instant.now();
            LOG.log(Level.SEVERE, "The JVM failed (" + failure + "); /health answers DOWN from now on");
        }
    }

    /** What is wrong; empty when the node is healthy. */
    public List<String> problems() {
        return problems(System.nanoTime());
    }

    static boolean exhausted(long liveBytes, long maxBytes) {
        return maxBytes > 0 && liveBytes > EXHAUSTED_AFTER_COLLECTION * maxBytes;
    }

    /** What the heap's pools held right after their last collection, added up. */
    public static long heapAfterLastCollection() {
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterCollection = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (afterCollection != null) {
                live += afterCollection.getUsed();
            }
        }
        return live;
    }

    List<String> problems(long now) {
        List<String> problems = new ArrayList<>();
        if (fatal != null) {
            problems.add("the JVM failed: " + fatal);
        }
        long live = heapAfterLastCollection();
        long max = Runtime.getRuntime().maxMemory();
        if (exhausted(live, max)) {
            problems.add("the heap is " + Math.round(100.0 * live / max) + " % full even after garbage collection");
        }
        beats.forEach((task, beat) -> {
            if (beat.late(now)) {
                problems.add("housekeeping task '" + task + "' has stopped running");
            }
        });
        return problems;
    }
}
