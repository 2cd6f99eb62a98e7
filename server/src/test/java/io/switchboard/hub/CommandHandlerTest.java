package io.switchboard.hub;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.Liveness;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.security.RateLimiter;
import io.switchboard.security.ClientQuotas;
import io.switchboard.security.Identity;
import io.switchboard.topic.TopicEngine;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandHandlerTest {

    private final FakeTransport transport = new FakeTransport(true);
    private final HubCounters counters = new HubCounters();
    private final Connection connection = new Connection("s1",
            Identity.anonymous(List.of(TopicPattern.of("public.>")), List.of(TopicPattern.of("public.>"))),
            "address 127.0.0.1", new Outbox(transport, 100, 100_000, new SendBudget(Long.MAX_VALUE), Runnable::run), new RateLimiter(100, 200, System::nanoTime), new FrameCodec(),
            counters.deliveries());

    private CommandHandler handlerWith(TopicEngine engine) {
        CommandHandler handler = new CommandHandler();
        handler.config = SwitchboardConfig.defaults();
        handler.engine = engine;
        handler.codec = new FrameCodec();
        handler.counters = counters;
        handler.gate = new ShutdownGate();
        handler.liveness = new Liveness();
        handler.quotas = new ClientQuotas(handler.config, null);
        return handler;
    }

    private static TopicEngine failingEngine() {
        return (TopicEngine) Proxy.newProxyInstance(TopicEngine.class.getClassLoader(), new Class<?>[]{TopicEngine.class},
                (proxy, method, args) -> {
                    throw new IllegalStateException("disk on fire");
                });
    }

    @Test
    void anUnexpectedFailureIsAnsweredAsInternalWithoutDetails() {
        handlerWith(failingEngine()).handle(connection, new ClientFrame.Publish("p", "public.a", JsonValue.TRUE), 40);
        String reply = transport.sent.get(0);
        assertTrue(reply.contains("\"id\":\"p\"") && reply.contains("\"code\":\"internal\""), reply);
        assertTrue(!reply.contains("disk on fire"), "internals stay in the log");
        assertEquals(1L, counters.errorsTotal().get(io.switchboard.protocol.ErrorCode.INTERNAL));
    }

    @Test
    void aSessionWhoseNodeMissedMessagesIsAskedToReconnectAndResume() {
        connection.missed(TopicName.of("public.a"), 4, 9);
        assertEquals(1012, transport.closeCode);
        assertTrue(transport.closeReason.contains("public.a"), transport.closeReason);
    }
}
