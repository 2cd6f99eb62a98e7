package io.switchboard.hub;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.security.Identity;
import io.switchboard.security.RateLimiter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LingeringConnectionsTest {

    private final LingeringConnections lingering = new LingeringConnections();
    private final AtomicInteger uncounted = new AtomicInteger();

    private Connection connection(FakeTransport transport) {
        return new Connection("s1", Identity.anonymous(List.of(), List.of()), "address 127.0.0.1",
                new Outbox(transport, 100, 100_000, new SendBudget(Long.MAX_VALUE), Runnable::run),
                new RateLimiter(100, 200, System::nanoTime), new FrameCodec(), new HubCounters().deliveries());
    }

    @Test
    void aConnectionWhoseSocketHasClosedIsUncountedAtOnce() {
        lingering.hold(connection(new FakeTransport(true)), uncounted::incrementAndGet);
        assertEquals(1, uncounted.get());
    }

    @Test
    void aConnectionWhoseSocketStaysOpenCountsUntilItCloses() {
        FakeTransport transport = new FakeTransport(true);
        transport.lingers = true;
        lingering.hold(connection(transport), uncounted::incrementAndGet);
        lingering.releaseClosed();
        assertEquals(0, uncounted.get(), "its socket is still open");
        transport.lingers = false;
        lingering.releaseClosed();
        lingering.releaseClosed();
        assertEquals(1, uncounted.get(), "uncounted once, when its socket has closed");
    }

    @Test
    void aShutdownUncountsEveryOne() {
        FakeTransport transport = new FakeTransport(true);
        transport.lingers = true;
        lingering.hold(connection(transport), uncounted::incrementAndGet);
        lingering.releaseAll();
        lingering.releaseClosed();
        assertEquals(1, uncounted.get());
    }
}
