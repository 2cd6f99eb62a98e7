package io.switchboard.hub;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writer threads of the kind Grizzly (the network layer of Payara and GlassFish) calls its own, for the
 * {@link TyrusWire}. Grizzly's HTTP output buffer takes a buffer of 8 KiB for every write, and only its own worker
 * threads carry the thread-local memory pool it takes buffers from: written from any other thread, every frame costs
 * a new 8 KiB array, which at ten thousand small frames a second keeps the young generation busy and the fan-out's
 * tail waiting for its collections. From a Grizzly worker thread the same write takes what it needs from the
 * thread's pool and gives back the rest.
 *
 * <p>Grizzly is not the application's to link against either: its classes are found through the loader of the
 * thread that opens the session, where that is one of Grizzly's workers, and a thread is made as Grizzly makes its
 * own, with a pool from Grizzly's default memory manager. Anything unlike that gives no factory, and the writers stay
 * plain threads.
 */
final class GrizzlyThreads {

    private static final Logger LOG = Logger.getLogger(GrizzlyThreads.class.getName());
    private static final String WORKER_THREAD = "org.glassfish.grizzly.threadpool.DefaultWorkerThread";

    private GrizzlyThreads() {
    }

    /** A factory of Grizzly worker threads named {@code switchboard-<kind>-<n>}, where {@code current} is one. */
    static Optional<ThreadFactory> like(Thread current, String kind) {
        Class<?> workerThread = superclassNamed(current.getClass(), WORKER_THREAD);
        if (workerThread == null) {
            return Optional.empty();
        }
        try {
            ClassLoader grizzly = workerThread.getClassLoader();
            Class<?> attributeBuilder = Class.forName("org.glassfish.grizzly.attributes.AttributeBuilder", true,
                    grizzly);
            Class<?> memoryManager = Class.forName("org.glassfish.grizzly.memory.MemoryManager", true, grizzly);
            Class<?> poolProvider = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPoolProvider", true,
                    grizzly);
            Class<?> pool = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPool", true, grizzly);
            Object attributes = attributeBuilder.getField("DEFAULT_ATTRIBUTE_BUILDER").get(null);
            Object memory = memoryManager.getField("DEFAULT_MEMORY_MANAGER").get(null);
            if (!poolProvider.isInstance(memory)) {
                throw new ClassCastException("Grizzly's default memory manager keeps no thread-local pools here");
            }
            Method newPool = poolProvider.getMethod("createThreadLocalPool");
            Constructor<?> thread = workerThread.getConstructor(attributeBuilder, String.class, pool, Runnable.class);
            return Optional.of(factory(kind, (name, task) ->
                    (Thread) thread.newInstance(attributes, name, newPool.invoke(memory), task)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "This Grizzly differs from the one Switchboard knows; writing from plain threads",
                    e);
            return Optional.empty();
        }
    }

    /** Makes one of Grizzly's worker threads, or says why not. */
    interface WorkerMaker {
        Thread make(String name, Runnable task) throws ReflectiveOperationException;
    }

    /**
     * Daemon threads named {@code switchboard-<kind>-<n>} from {@code maker}; where it fails, a plain thread all the
     * same: a writer without Grizzly's pool allocates more, a writer pool that cannot start a thread sends nothing.
     */
    static ThreadFactory factory(String kind, WorkerMaker maker) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            String name = "switchboard-" + kind + "-" + count.incrementAndGet();
            Thread made;
            try {
                made = maker.make(name, runnable);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.WARNING, "Grizzly refused a worker thread; " + name + " is a plain thread", e);
                made = new Thread(runnable, name);
            }
            made.setDaemon(true);
            return made;
        };
    }

    private static Class<?> superclassNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
