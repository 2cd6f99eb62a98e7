package io.switchboard;

import io.switchboard.testing.Frames;
import io.switchboard.testing.Deployments;
import io.switchboard.testing.Http;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestTokens;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Misbehaving and vanishing clients: the server cleans up after them and keeps serving everyone else. */
@ExtendWith(ArquillianExtension.class)
class ResilienceIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        // Fast heartbeats to see them work; a high rate so fuzzing measures parsing, not the rate limiter; one
        // address plays a thousand clients.
        return Deployments.switchboard("""
                switchboard.heartbeat-seconds=1
                switchboard.rate-per-second=100000
                switchboard.client.max-connections=2000
                """);
    }

    @ArquillianResource
    URL url;

    private URI base() {
        return Deployments.loopback(url);
    }

    private Http admin() {
        return new Http(base(), TestTokens.admin());
    }

    private int openSessions() {
        return Http.array(admin().get("api/connections")).size();
    }

    private void awaitSessions(IntPredicate condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.test(openSessions())) {
            assertTrue(System.nanoTime() < deadline, what + "; open sessions: " + openSessions());
            Thread.sleep(100);
        }
    }

    @Test
    void aClientThatNeverAnswersPingsIsClosedAfterTwoMissedHeartbeats() throws Exception {
        try (RawWebSocket silent = new RawWebSocket(base())) {
            assertEquals(RawWebSocket.TEXT, silent.read().opcode(), "the welcome");
            RawWebSocket.Frame frame;
            int pings = 0;
            do {
                frame = silent.read();
                pings += frame.opcode() == RawWebSocket.PING ? 1 : 0;
            } while (frame.opcode() != RawWebSocket.CLOSE);
            assertTrue(pings >= 1, "it was pinged first");
            assertEquals(1001, frame.closeCode());
            assertEquals("missed heartbeats", frame.text());
        }
    }

    @Test
    void clientsThatAnswerPingsStayConnected() throws Exception {
        try (WsClient client = WsClient.connect(base())) {
            client.next("welcome");
            Thread.sleep(3500);
            assertEquals("pong", client.request(Frames.ping(null)).getString("type"));
        }
    }

    @Test
    void thousandsOfMalformedFramesAreAnsweredWithoutHurtingOthers() throws Exception {
        Random random = new Random(6455);
        try (WsClient bystander = WsClient.connect(base()); WsClient fuzzer = WsClient.connect(base())) {
            bystander.next("welcome");
            fuzzer.next("welcome");
            bystander.request(Frames.subscribe("s", "public.calm"));
            int baseline = openSessions();
            for (int round = 1; round <= 3000; round++) {
                fuzzer.send(Fuzz.frame(random));
                if (round % 250 == 0) {
                    // Each refused frame is answered: a client that sends thousands without reading the answers
                    // is a slow consumer on servers that send more slowly than they parse (Undertow, Tomcat).
                    awaitPong(fuzzer, "after-" + round);
                    assertEquals("pong", bystander.request(Frames.ping(null)).getString("type"));
                }
            }
            admin().post("api/topics/public.calm/messages", "{\"ok\":true}");
            assertTrue(bystander.next("message").getJsonObject("data").getBoolean("ok"));
            assertEquals(baseline, openSessions(), "no session leaked");
        }
    }

    /** Reads past everything the client was sent until the pong answering a ping with this id. */
    private static void awaitPong(WsClient client, String id) {
        client.send(Frames.ping(id));
        JsonObject frame;
        do {
            frame = client.next();
        } while (!id.equals(frame.getString("id", null)) || !"pong".equals(frame.getString("type")));
    }

    @Test
    void deeplyNestedJsonIsABadJsonErrorNotACrash() throws Exception {
        try (WsClient client = WsClient.connect(base())) {
            client.next("welcome");
            String deep = "{\"type\":\"publish\",\"id\":\"d\",\"topic\":\"public.x\",\"data\":"
                    + "[".repeat(30_000) + "]".repeat(30_000) + "}";
            JsonObject error = client.request(deep);
            assertEquals("bad_json", error.getString("code"));
            assertEquals("pong", client.request(Frames.ping(null)).getString("type"));
        }
    }

    @Test
    void aThousandClientsVanishingWithoutACloseFrameAreAllCleanedUp() throws Exception {
        // an earlier test's session may still be closing: counted now, it would be missing from the sum below
        awaitSessions(n -> n == 0, "the sessions of earlier tests are gone");
        int baseline = 0;
        List<WsClient> clients = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            WsClient client = WsClient.connect(base());
            client.send(Frames.subscribe("s", "public.crowd"));
            clients.add(client);
        }
        awaitSessions(n -> n >= baseline + 1000, "all connected");
        clients.forEach(WsClient::abort);
        awaitSessions(n -> n <= baseline, "all cleaned up");
        JsonObject stats = Http.object(admin().get("api/stats"));
        assertEquals(baseline, stats.getInt("connections"));
        assertEquals(0, Http.object(admin().get("api/topics/public.crowd/presence")).getInt("count"));
    }

    /** Frames a hostile or buggy client might send. */
    static final class Fuzz {

        private static final String[] TYPES = {"subscribe", "unsubscribe", "publish", "history", "presence", "ping", "nope", ""};
        private static final String[] VALUES = {"null", "true", "1", "-1", "1e999", "-0", "12345678901234567890123",
                "\"\"", "\"public.a\"", "\"a..b\"", "\">\"", "\"sys.metrics\"", "[]", "{}", "[1,[2,[3]]]",
                "{\"offset\":1,\"epoch\":\"e\"}", "{\"offset\":\"x\"}", "\"\\u0000\"", "\"\\ud800\""};
        private static final String[] FIELDS = {"type", "id", "topic", "data", "since", "limit", "presence", "extra"};

        static String frame(Random random) {
            return switch (random.nextInt(5)) {
                case 0 -> randomText(random);
                case 1 -> "[".repeat(random.nextInt(2000)) + "]".repeat(random.nextInt(2000));
                case 2 -> truncated(structured(random), random);
                default -> structured(random);
            };
        }

        private static String structured(Random random) {
            StringBuilder frame = new StringBuilder("{\"type\":\"").append(TYPES[random.nextInt(TYPES.length)]).append('"');
            int fields = random.nextInt(5);
            for (int i = 0; i < fields; i++) {
                frame.append(",\"").append(FIELDS[random.nextInt(FIELDS.length)]).append("\":")
                        .append(VALUES[random.nextInt(VALUES.length)]);
            }
            return frame.append('}').toString();
        }

        private static String truncated(String frame, Random random) {
            return frame.substring(0, random.nextInt(frame.length()));
        }

        private static String randomText(Random random) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(200);
            for (int i = 0; i < length; i++) {
                text.append((char) (32 + random.nextInt(95)));
            }
            return text.toString();
        }
    }
}
