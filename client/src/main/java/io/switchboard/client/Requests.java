package io.switchboard.client;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ServerFrame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Requests waiting for their answer, by id, and those waiting for a connection to go out on, in order. The
 * client's loop thread's own.
 */
final class Requests {

    /** A request sent, its answer to come, and the timer that gives up on it (null for none). */
    record Pending(ClientFrame frame, CompletableFuture<ServerFrame> answer, Future<?> timeout) {

        void settle(ServerFrame frame) {
            cancelTimeout();
            answer.complete(frame);
        }

        void fail(SwitchboardError error) {
            cancelTimeout();
            answer.completeExceptionally(error);
        }

        private void cancelTimeout() {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }

    private final int maxWaiting;
    private final Map<String, Pending> byId = new HashMap<>();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private long lastId;

    Requests(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    String nextId() {
        return Long.toString(++lastId);
    }

    void sent(Pending pending) {
        byId.put(pending.frame().id(), pending);
    }

    /** Keeps a request for the next connection; false when {@code maxWaiting} wait already. */
    boolean waitForConnection(Pending pending) {
        if (waiting.size() >= maxWaiting) {
            return false;
        }
        waiting.add(pending);
        byId.put(pending.frame().id(), pending);
        return true;
    }

    /** The requests that waited for a connection, in order, to be sent on the one just opened. */
    List<Pending> takeWaiting() {
        List<Pending> all = new ArrayList<>(waiting);
        waiting.clear();
        return all;
    }

    /** The request an answer with {@code id} settles, no longer pending; null for none. */
    Pending answered(String id) {
        return id == null ? null : byId.remove(id);
    }

    /** Fails what was sent on a connection that ended; what waits for a connection waits on. */
    void disconnected() {
        List<Pending> sent = new ArrayList<>(byId.values());
        sent.removeAll(waiting);
        for (Pending pending : sent) {
            byId.remove(pending.frame().id());
            pending.fail(new SwitchboardError(SwitchboardError.DISCONNECTED,
                    "The connection closed before the answer came"));
        }
    }

    /** Fails everything: the client is closed. */
    void closed(String why) {
        for (Pending pending : List.copyOf(byId.values())) {
            pending.fail(new SwitchboardError(SwitchboardError.CLOSED, why));
        }
        byId.clear();
        waiting.clear();
    }

    void timedOut(String id) {
        Pending pending = byId.remove(id);
        if (pending != null) {
            waiting.remove(pending);
            pending.fail(new SwitchboardError(SwitchboardError.TIMEOUT, "No answer in time to " + pending.frame()));
        }
    }
}
