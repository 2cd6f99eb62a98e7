package bench.jsr356;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The least a JSR 356 topic broadcast does, done the way a fair server does it: {@code sub <topic> <id>} and
 * {@code pub <topic> <id> <data>}, each answered {@code ack <id>} once the data is queued for every subscriber.
 * Each session has a queue and one asynchronous send in flight, like Switchboard's outbox, and sends run with
 * Switchboard's per-send workaround for Payara (an empty context class loader). No JSON, no history, no limits,
 * no bound on a queue: the standard API's floor on the container.
 */
@ServerEndpoint("/ws")
public class BroadcastEndpoint {

    private static final Map<String, Set<Outbox>> TOPICS = new ConcurrentHashMap<>();
    private static final ClassLoader NO_RESOURCES = new ClassLoader(null) { };

    @OnOpen
    public void open(Session session) {
        Outbox outbox = new Outbox(session);
        session.getUserProperties().put("outbox", outbox);
        outbox.offer("ready");
    }

    @OnMessage
    public void message(Session session, String text) {
        Outbox own = (Outbox) session.getUserProperties().get("outbox");
        String[] parts = text.split(" ", 4);
        if (parts[0].equals("sub")) {
            TOPICS.computeIfAbsent(parts[1], t -> ConcurrentHashMap.newKeySet()).add(own);
        } else if (parts[0].equals("pub")) {
            for (Outbox subscriber : TOPICS.getOrDefault(parts[1], Set.of())) {
                subscriber.offer(parts[3]);
            }
        }
        own.offer("ack " + parts[2]);
    }

    @OnClose
    public void close(Session session) {
        Object outbox = session.getUserProperties().get("outbox");
        TOPICS.values().forEach(outboxes -> outboxes.remove(outbox));
    }

    /** One session's queue and its single writer: whoever wins {@code writing} sends, one send in flight. */
    private static final class Outbox {
        private final Session session;
        private final Queue<String> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean writing = new AtomicBoolean();
        private final AtomicInteger handoff = new AtomicInteger();
        private static final int SENDING = 0;
        private static final int RETURNED = 1;
        private static final int COMPLETED = 2;

        Outbox(Session session) {
            this.session = session;
        }

        void offer(String text) {
            queue.add(text);
            pump();
        }

        private void pump() {
            if (!writing.compareAndSet(false, true)) {
                return;
            }
            while (true) {
                String text = queue.poll();
                if (text == null) {
                    writing.set(false);
                    // offered between the poll and the release: someone must send it
                    if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                if (!session.isOpen()) {
                    queue.clear();
                    writing.set(false);
                    return;
                }
                handoff.set(SENDING);
                send(text);
                if (handoff.compareAndSet(SENDING, RETURNED)) {
                    return; // the completion takes over the writer role
                }
                // completed on this thread already: go on here rather than recursing in the completion
            }
        }

        private void send(String text) {
            Thread thread = Thread.currentThread();
            ClassLoader caller = thread.getContextClassLoader();
            thread.setContextClassLoader(NO_RESOURCES);
            try {
                session.getAsyncRemote().sendText(text, result -> sent());
            } catch (RuntimeException closing) {
                sent();
            } finally {
                thread.setContextClassLoader(caller);
            }
        }

        private void sent() {
            if (handoff.compareAndSet(SENDING, COMPLETED)) {
                return;
            }
            writing.set(false);
            pump();
        }
    }
}
