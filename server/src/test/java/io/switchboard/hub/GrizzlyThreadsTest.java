package io.switchboard.hub;

import org.glassfish.grizzly.attributes.AttributeBuilder;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.memory.ThreadLocalPoolProvider;
import org.glassfish.grizzly.threadpool.DefaultWorkerThread;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrizzlyThreadsTest {

    @Test
    void aSessionOpenedOnAGrizzlyWorkerGivesWritersOfTheSameKindWithAMemoryPoolEach() throws Exception {
        Thread grizzlyWorker = new DefaultWorkerThread(AttributeBuilder.DEFAULT_ATTRIBUTE_BUILDER, "http-thread-pool-1",
                ((ThreadLocalPoolProvider) MemoryManager.DEFAULT_MEMORY_MANAGER).createThreadLocalPool(), () -> { });
        ThreadFactory writers = GrizzlyThreads.like(grizzlyWorker, "writer").orElseThrow();

        CompletableFuture<Thread> ran = new CompletableFuture<>();
        Thread first = writers.newThread(() -> ran.complete(Thread.currentThread()));
        Thread second = writers.newThread(() -> { });
        first.start();

        DefaultWorkerThread writer = assertInstanceOf(DefaultWorkerThread.class, ran.get(5, TimeUnit.SECONDS));
        assertNotNull(writer.getMemoryPool(), "Grizzly's output buffers take their buffers from this pool");
        assertTrue(((DefaultWorkerThread) second).getMemoryPool() != writer.getMemoryPool(), "one pool per thread");
        assertTrue(writer.isDaemon());
        assertEquals("switchboard-writer-1", writer.getName());
        assertEquals("switchboard-writer-2", second.getName());
    }

    @Test
    void aWorkerThreadGrizzlyRefusesIsAPlainWriterThreadAllTheSame() throws Exception {
        ThreadFactory writers = GrizzlyThreads.factory("writer", (name, task) -> {
            throw new InstantiationException("refused");
        });
        CompletableFuture<String> ran = new CompletableFuture<>();
        Thread writer = writers.newThread(() -> ran.complete(Thread.currentThread().getName()));
        writer.start();
        assertEquals("switchboard-writer-1", ran.get(5, TimeUnit.SECONDS));
        assertTrue(writer.isDaemon());
    }

    @Test
    void anyOtherThreadGivesNoFactoryAndTheWritersStayPlainThreads() {
        assertTrue(GrizzlyThreads.like(new Thread(() -> { }), "writer").isEmpty());
    }
}
