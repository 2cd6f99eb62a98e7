package io.switchboard;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.EventStream;
import io.switchboard.testing.EventStream.Event;
import io.switchboard.testing.Eventually;
import io.switchboard.testing.Http;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.TestTokens;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event-stream fallback, {@code GET /api/stream}: the same frames as {@code /ws} as Server-Sent Events,
 * resumed with {@code Last-Event-ID}, under the same tokens, permissions and slow-consumer policy.
 */
@ExtendWith(ArquillianExtension.class)
class StreamIT {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.switchboard("""
                switchboard.heartbeat-seconds=1
                switchboard.send-queue-bytes=65536
                """);
    }

    @ArquillianResource
    URL url;

    private final List<EventStream> streams = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        streams.forEach(EventStream::close);
    }

    private URI base() {
        return Deployments.loopback(url);
    }

    private static String topic() {
        return "public.s" + UUID.randomUUID().toString().substring(0, 8);
    }

    private EventStream stream(String query) {
        return stream(query, java.util.function.UnaryOperator.identity());
    }

    private EventStream stream(String query, java.util.function.UnaryOperator<java.net.http.HttpRequest.Builder> how) {
        EventStream stream = EventStream.open(base(), "api/stream?" + query, how);
        streams.add(stream);
        return stream;
    }

    private JsonObject publish(String topic, String data) throws Exception {
        HttpResponse<String> published = Http.anonymous(base()).post("api/topics/" + topic + "/messages", data);
        assertEquals(201, published.statusCode(), published.body());
        return Http.object(published);
    }

    @Test
    void aStreamCarriesTheWelcomeTheAcksAndTheMessagesOfItsSubscriptions() throws Exception {
        String exact = topic();
        String family = topic();
        EventStream stream = stream("topic=" + exact + "&topic=" + family + ".*");
        assertTrue(stream.response().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));

        JsonObject welcome = stream.next(WITHIN).json();
        assertEquals("welcome", welcome.getString("type"));
        assertTrue(welcome.getJsonObject("limits").getInt("maxSubscriptions") > 0);
        Event exactAck = stream.nextOfType("ack", WITHIN);
        assertEquals("1", exactAck.json().getString("id"));
        assertEquals(0, exactAck.json().getInt("offset"));
        String epoch = exactAck.json().getString("epoch");
        assertEquals(exact + ":" + epoch + ":0", exactAck.id(), "the stream's position in its exact topic");
        assertEquals("2", stream.nextOfType("ack", WITHIN).json().getString("id"));

        publish(exact, "{\"n\":1}");
        Event message = stream.nextOfType("message", WITHIN);
        assertEquals(1, message.json().getJsonObject("data").getInt("n"));
        assertEquals(exact + ":" + epoch + ":1", message.id());
        publish(family + ".eu", "{\"n\":2}");
        Event wildcard = stream.nextOfType("message", WITHIN);
        assertEquals(family + ".eu", wildcard.json().getString("topic"));
        assertEquals(exact + ":" + epoch + ":1", wildcard.id(), "wildcard topics have no position to resume");
    }

    @Test
    void aDroppedStreamResumesFromItsLastEventIdWithNothingLostOrRepeated() throws Exception {
        String topic = topic();
        EventStream first = stream("topic=" + topic);
        first.nextOfType("ack", WITHIN);
        for (int n = 1; n <= 3; n++) {
            publish(topic, String.valueOf(n));
        }
        for (int n = 1; n <= 3; n++) {
            assertEquals(n, first.nextOfType("message", WITHIN).json().getInt("data"));
        }
        first.close();
        publish(topic, "4");
        publish(topic, "5");

        String lastId = first.lastId();
        EventStream resumed = stream("topic=" + topic, request -> request.header("Last-Event-ID", lastId));
        assertEquals(200, resumed.response().statusCode(), lastId);
        JsonObject ack = resumed.nextOfType("ack", WITHIN).json();
        assertTrue(ack.getBoolean("recovered"), ack.toString());
        assertEquals(4, resumed.nextOfType("message", WITHIN).json().getInt("data"));
        assertEquals(5, resumed.nextOfType("message", WITHIN).json().getInt("data"));
        publish(topic, "6");
        Event live = resumed.nextOfType("message", WITHIN);
        assertEquals(6, live.json().getInt("data"));
        resumed.close();

        EventStream fromParameter = stream("topic=" + topic + "&lastEventId="
                + URLEncoder.encode(live.id(), StandardCharsets.UTF_8));
        assertTrue(fromParameter.nextOfType("ack", WITHIN).json().getBoolean("recovered"));
        publish(topic, "7");
        assertEquals(7, fromParameter.nextOfType("message", WITHIN).json().getInt("data"),
                "nothing before 7 again: the parameter resumes like the header");
    }

    @Test
    void tokensAndPermissionsApplyAsOnWebSocket() {
        String secret = "orders.s" + UUID.randomUUID().toString().substring(0, 8);
        EventStream anonymous = stream("topic=" + secret);
        JsonObject refused = anonymous.nextOfType("error", WITHIN).json();
        assertEquals("1", refused.getString("id"));
        assertEquals("unauthorized", refused.getString("code"), "as on /ws: anonymous clients read public topics only");

        String token = TestTokens.user("stream-user", List.of("orders.>"), List.of());
        EventStream allowed = stream("topic=" + secret + "&token=" + token);
        assertEquals("stream-user", allowed.nextOfType("welcome", WITHIN).json().getString("user"));
        assertEquals("1", allowed.nextOfType("ack", WITHIN).json().getString("id"));
        EventStream bearer = stream("topic=" + secret, request -> request.header("Authorization", "Bearer " + token));
        assertEquals("1", bearer.nextOfType("ack", WITHIN).json().getString("id"));

        EventStream badToken = stream("topic=" + secret + "&token=not-a-token");
        assertEquals(401, badToken.response().statusCode());
        assertEquals("unauthorized", badToken.error().getString("code"));
    }

    @Test
    void aTopicThatIsNotOneIsRefusedAloneAndAStreamWithoutTopicsCarriesTheSession() {
        EventStream mixed = stream("topic=a..b&topic=" + topic());
        JsonObject refused = mixed.nextOfType("error", WITHIN).json();
        assertEquals("1", refused.getString("id"));
        assertEquals("invalid_topic", refused.getString("code"));
        assertEquals("2", mixed.nextOfType("ack", WITHIN).json().getString("id"));

        EventStream session = stream("");
        assertEquals("welcome", session.next(WITHIN).type());
    }

    @Test
    void aResumeTheStreamCannotReadIsRefusedBeforeItStarts() {
        EventStream badResume = stream("topic=" + topic(), request -> request.header("Last-Event-ID", "x:y"));
        assertEquals(400, badResume.response().statusCode());
        assertTrue(badResume.error().getString("message").contains("Last-Event-ID"));
    }

    @Test
    void heartbeatsAreCommentsAndKeepAQuietStreamOpen() throws Exception {
        EventStream quiet = stream("topic=" + topic());
        quiet.nextOfType("ack", WITHIN);
        Thread.sleep(3_500);
        assertTrue(quiet.comments() >= 2, "heartbeat comments: " + quiet.comments());
        assertFalse(quiet.awaitEnd(Duration.ZERO), "a stream that cannot answer pings is not closed for silence");
    }

    @Test
    void aStreamThatFallsBehindIsClosedAsASlowConsumerWithTheCloseEvent() throws Exception {
        String topic = topic();
        EventStream slow = stream("topic=" + topic);
        slow.nextOfType("ack", WITHIN);
        slow.pause();
        String large = "\"" + "x".repeat(32 * 1024) + "\"";
        Http admin = Http.anonymous(base()).as(TestTokens.admin()); // not held to an anonymous client's byte rate
        for (int i = 0; i < 400; i++) {
            assertEquals(201, admin.postWithinRate("api/topics/" + topic + "/messages", large).statusCode());
        }
        slow.resume();
        Event close = slow.nextOfType("close", Duration.ofSeconds(30));
        assertEquals(1008, close.json().getInt("code"));
        assertEquals("slow consumer", close.json().getString("reason"));
        assertTrue(slow.awaitEnd(WITHIN), "the server ends the stream after the close event");
    }

    @Test
    void streamsWhoseClientsStopReadingHoldUpNoOtherStreamAndEndWhenTheirClientsHaveGone() throws Exception {
        String stalledTopic = topic();
        String user = "stalled-" + UUID.randomUUID();
        String token = TestTokens.user(user, List.of("public.>"), List.of());
        Http admin = Http.anonymous(base()).as(TestTokens.admin());
        List<Socket> stalled = new ArrayList<>();
        try {
            // more than the threads a server has for anything, so that a thread held per stream would show
            for (int i = 0; i < 32; i++) {
                stalled.add(RawHttp.unread(base(), "GET /api/stream?topic=" + stalledTopic + "&token=" + token
                        + " HTTP/1.1"));
            }
            Eventually.eventually(() -> streamsOf(admin, user) == stalled.size(), "every stalled stream is open");
            String large = "\"" + "x".repeat(32 * 1024) + "\"";
            for (int i = 0; i < 40; i++) { // far more than a stalled stream's socket and queue take
                assertEquals(201, admin.postWithinRate("api/topics/" + stalledTopic + "/messages", large)
                        .statusCode());
            }
            String topic = topic();
            EventStream healthy = stream("topic=" + topic);
            healthy.nextOfType("ack", Duration.ofSeconds(3));
            publish(topic, "1");
            assertEquals(1, healthy.nextOfType("message", Duration.ofSeconds(3)).json().getInt("data"));
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        Eventually.eventually(() -> streamsOf(admin, user) == 0, "the streams of a client that has gone end");
    }

    private static int streamsOf(Http admin, String user) {
        return (int) Http.array(admin.get("api/connections")).stream()
                .filter(session -> user.equals(session.asJsonObject().getString("user", null))).count();
    }
}
