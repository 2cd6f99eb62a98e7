package io.switchboard.client;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ServerFrame;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestsTest {

    private final Requests requests = new Requests(2);

    private Requests.Pending ping() {
        return new Requests.Pending(new ClientFrame.Ping(requests.nextId()), new CompletableFuture<>(), null);
    }

    private static String code(Requests.Pending pending) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> pending.answer().get());
        return assertInstanceOf(SwitchboardError.class, failed.getCause()).code();
    }

    @Test
    void anAnswerSettlesItsRequestOnce() throws Exception {
        Requests.Pending sent = ping();
        requests.sent(sent);
        requests.answered("1").settle(new ServerFrame.Pong("1"));
        assertEquals(new ServerFrame.Pong("1"), sent.answer().get());
        assertNull(requests.answered("1"), "answered already");
        assertNull(requests.answered(null));
    }

    @Test
    void whatWaitsForAConnectionIsBoundedAndSurvivesADisconnect() {
        Requests.Pending sent = ping();
        requests.sent(sent);
        Requests.Pending first = ping();
        Requests.Pending second = ping();
        assertTrue(requests.waitForConnection(first));
        assertTrue(requests.waitForConnection(second));
        assertFalse(requests.waitForConnection(ping()), "two may wait");
        requests.disconnected();
        assertEquals(SwitchboardError.DISCONNECTED, code(sent), "sent on the connection that ended");
        assertFalse(first.answer().isDone(), "still waiting for the next connection");
        assertEquals(2, requests.takeWaiting().size());
    }

    @Test
    void aTimeoutOrAClosedClientFailsWhatIsLeft() {
        Requests.Pending late = ping();
        requests.sent(late);
        requests.timedOut(late.frame().id());
        assertEquals(SwitchboardError.TIMEOUT, code(late));
        Requests.Pending waiting = ping();
        requests.waitForConnection(waiting);
        requests.closed("closed by the test");
        assertEquals(SwitchboardError.CLOSED, code(waiting));
        assertTrue(requests.takeWaiting().isEmpty());
    }
}
