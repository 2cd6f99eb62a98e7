package bench.jsr356;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The least a JSR 356 topic broadcast does: {@code sub <topic> <id>} and {@code pub <topic> <id> <data>}, each
 * answered {@code ack <id>}; data goes to the topic's sessions with the blocking basic remote, one sender at a
 * time per session. No JSON, no history, no limits: the container's floor.
 */
@ServerEndpoint("/ws")
public class BroadcastEndpoint {

    private static final Map<String, Set<Session>> TOPICS = new ConcurrentHashMap<>();

    @OnOpen
    public void open(Session session) throws IOException {
        send(session, "ready");
    }

    @OnMessage
    public void message(Session session, String text) throws IOException {
        String[] parts = text.split(" ", 4);
        if (parts[0].equals("sub")) {
            TOPICS.computeIfAbsent(parts[1], t -> ConcurrentHashMap.newKeySet()).add(session);
        } else if (parts[0].equals("pub")) {
            for (Session subscriber : TOPICS.getOrDefault(parts[1], Set.of())) {
                send(subscriber, parts[3]);
            }
        }
        send(session, "ack " + parts[2]);
    }

    @OnClose
    public void close(Session session) {
        TOPICS.values().forEach(sessions -> sessions.remove(session));
    }

    private static void send(Session session, String text) throws IOException {
        synchronized (session) {
            if (session.isOpen()) {
                session.getBasicRemote().sendText(text);
            }
        }
    }
}
