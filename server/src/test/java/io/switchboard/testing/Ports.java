package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Ports for servers the tests start. They lie below the kernel's ephemeral range, so that no outgoing connection can
 * take one between the check that it is free and the moment the server binds it (a port the kernel hands out as
 * {@code bind(0)} can go to the next {@code connect()}, and a WildFly whose port offset lands one of its six ports on
 * such a connection fails to deploy), and each is handed out once per build.
 */
public final class Ports {

    private static final int LOWEST = 10_000;
    /** Handed out in this JVM; a server may take seconds to bind its port, and no other may get it meanwhile. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** A port nothing listens on now. */
    public static int free() {
        return freeWith(0);
    }

    /**
     * A port {@code p} such that {@code p + offset} is free for every offset: for a server that binds several ports
     * relative to one, such as WildFly's port offset.
     */
    public static synchronized int freeWith(int... offsets) {
        int lowestOffset = IntStream.of(offsets).min().orElse(0);
        int highestOffset = IntStream.of(offsets).max().orElse(0);
        int from = LOWEST - lowestOffset;
        int to = ephemeralStart() - highestOffset;
        if (to <= from) {
            throw new IllegalStateException("the ephemeral port range leaves no room below it for " + offsets.length
                    + " ports from " + LOWEST);
        }
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(from, to);
            if (IntStream.of(offsets).noneMatch(offset -> HANDED_OUT.contains(port + offset))
                    && IntStream.of(offsets).allMatch(offset -> bindable(port + offset))
                    && IntStream.of(offsets).allMatch(offset -> HANDED_OUT.add(port + offset))) {
                return port;
            }
        }
        throw new IllegalStateException("no free ports between " + from + " and " + to);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The first port of the range the kernel picks outgoing connections' local ports from (Linux's default 32768). */
    private static int ephemeralStart() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            // readAllLines, not readString: that trusts the size procfs reports and returned "3" of "32768\t60999"
            return Files.exists(range) ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0])
                    : 32_768;
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException(new IOException("cannot read " + range, e));
        }
    }
}
