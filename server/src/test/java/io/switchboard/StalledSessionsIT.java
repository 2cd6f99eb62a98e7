package io.switchboard;

import io.switchboard.testing.Http;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.switchboard.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On Payara, a session closed as a slow consumer keeps its socket open while its client takes no bytes: Tyrus
 * cannot write the close frame, and Grizzly keeps what it queued for it. Such a session still counts under its
 * client's connection limit until its socket has closed, so that a client cannot get its sessions closed, reconnect
 * and pile up what the server holds for the old ones. Payara only: the check reads Grizzly's connection.
 */
class StalledSessionsIT {

    private static final int LIMIT = 4;
    private MicroServer server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sessionsClosedAsSlowConsumersCountUnderTheirClientsLimitUntilTheirSocketsClose() throws Exception {
        server = MicroServer.alone("stalled-sessions-it", "-Dswitchboard.client.max-connections=" + LIMIT,
                "-Dswitchboard.send-queue-bytes=65536").awaitReady(Duration.ofSeconds(120));
        URI base = server.base();
        Http admin = Http.anonymous(base).as(TestTokens.admin());
        String topic = "public.stalled";
        List<RawWebSocket> stalled = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            RawWebSocket session = RawWebSocket.thatWillStopReading(base);
            stalled.add(session);
            assertEquals("welcome", session.nextJson().getString("type"));
            session.sendText("{\"type\":\"subscribe\",\"id\":\"1\",\"topic\":\"" + topic + "\"}");
            assertEquals("ack", session.nextJson().getString("type"));
        }
        String large = "\"" + "x".repeat(32 * 1024) + "\"";
        for (int i = 0; i < 200; i++) { // far more than a stalled session's sockets and queue take
            assertEquals(201, admin.postWithinRate("api/topics/" + topic + "/messages", large).statusCode());
        }
        eventually(() -> Http.array(admin.get("api/connections")).isEmpty(), "the stalled sessions are closed");

        IOException refused = assertThrows(IOException.class, () -> new RawWebSocket(base).close(),
                "their sockets are still open, so they still count");
        assertTrue(refused.getMessage().contains("429"), refused.getMessage());

        for (RawWebSocket session : stalled) {
            session.close();
        }
        eventually(() -> {
            try (RawWebSocket again = new RawWebSocket(base)) {
                return again.nextJson().getString("type").equals("welcome");
            } catch (IOException stillCounted) {
                return false;
            }
        }, "once their client has gone, it may connect again");
    }
}
