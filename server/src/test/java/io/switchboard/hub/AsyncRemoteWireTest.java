package io.switchboard.hub;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class AsyncRemoteWireTest {

    @Test
    void sendsSeeNoResourcesThroughTheContextClassLoader() throws Exception {
        AtomicReference<ClassLoader> duringSend = new AtomicReference<>();
        Wire wire = new AsyncRemoteWire(session(async((text, handler) ->
                duringSend.set(Thread.currentThread().getContextClassLoader()))));
        ClassLoader caller = Thread.currentThread().getContextClassLoader();

        wire.write(List.of("{}"), failure -> { });

        assertFalse(duringSend.get().getResources("META-INF/MANIFEST.MF").hasMoreElements(),
                "a container capturing context per send scans nothing");
        assertSame(caller, Thread.currentThread().getContextClassLoader(), "the caller's loader is restored");
    }

    @Test
    void completionsRunWithTheApplicationsClassLoader() {
        List<SendHandler> handlers = new ArrayList<>();
        Wire wire = new AsyncRemoteWire(session(async((text, handler) -> handlers.add(handler))));
        AtomicReference<ClassLoader> duringCompletion = new AtomicReference<>();
        AtomicReference<Throwable> outcome = new AtomicReference<>(new AssertionError("not completed"));
        wire.write(List.of("{}"), failure -> {
            duringCompletion.set(Thread.currentThread().getContextClassLoader());
            outcome.set(failure);
        });

        handlers.get(0).onResult(new SendResult());

        assertNull(outcome.get());
        assertSame(AsyncRemoteWire.class.getClassLoader(), duringCompletion.get());
    }

    @Test
    void aSendTheContainerRefusesCompletesWithItsFailure() {
        IllegalStateException refusal = new IllegalStateException("session closed");
        Wire wire = new AsyncRemoteWire(session(async((text, handler) -> {
            throw refusal;
        })));
        AtomicReference<ClassLoader> duringCompletion = new AtomicReference<>();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        wire.write(List.of("{}"), failure -> {
            duringCompletion.set(Thread.currentThread().getContextClassLoader());
            outcome.set(failure);
        });

        assertSame(refusal, outcome.get());
        assertSame(AsyncRemoteWire.class.getClassLoader(), duringCompletion.get());
    }

    private interface SendText {
        void send(String text, SendHandler handler);
    }

    private static RemoteEndpoint.Async async(SendText sendText) {
        return (RemoteEndpoint.Async) Proxy.newProxyInstance(AsyncRemoteWireTest.class.getClassLoader(),
                new Class<?>[]{RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2) {
                        sendText.send((String) args[0], (SendHandler) args[1]);
                    }
                    return null;
                });
    }

    private static Session session(RemoteEndpoint.Async async) {
        return (Session) Proxy.newProxyInstance(AsyncRemoteWireTest.class.getClassLoader(),
                new Class<?>[]{Session.class}, (proxy, method, args) ->
                        method.getName().equals("getAsyncRemote") ? async : null);
    }
}
