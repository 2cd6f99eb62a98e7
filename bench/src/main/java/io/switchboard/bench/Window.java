package io.switchboard.bench;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;

/**
 * A scenario's publishing window: what the server and the generator spent in it, and what was delivered inside
 * it. Only deliveries made while publishers publish count toward a rate; a server that buffers and delivers
 * after the window shows that as a backlog and a drain time, never as throughput.
 */
final class Window {

    private static final OperatingSystemMXBean OWN = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final ServerProcess server;
    private final Generator generator;
    private final Delivery delivery;
    private final long startNanos = System.nanoTime();
    private final long serverCpuMillis;
    private final long ownCpuNanos;
    private final long bytes;

    /** What one window measured, taken as it closed. */
    record Closed(long endNanos, double seconds, long deliveries, long serverCpuMicros, long generatorCpuMicros,
                  long bytes) {

        /** Micro-seconds of CPU per delivery made in the window; "n/a" for none. */
        static String perDelivery(long amount, long deliveries) {
            return deliveries == 0 ? "n/a" : String.format("%.1f", (double) amount / deliveries);
        }
    }

    private Window(ServerProcess server, Generator generator, Delivery delivery) {
        this.server = server;
        this.generator = generator;
        this.delivery = delivery;
        this.serverCpuMillis = server.cpuMillis();
        this.ownCpuNanos = OWN.getProcessCpuTime();
        this.bytes = generator.bytesReceived();
    }

    static Window open(ServerProcess server, Generator generator, Delivery delivery) {
        return new Window(server, generator, delivery);
    }

    Closed close() {
        long deliveries = delivery.received();
        long end = System.nanoTime();
        return new Closed(end, (end - startNanos) / 1e9, deliveries, (server.cpuMillis() - serverCpuMillis) * 1000,
                (OWN.getProcessCpuTime() - ownCpuNanos) / 1000, generator.bytesReceived() - bytes);
    }
}
