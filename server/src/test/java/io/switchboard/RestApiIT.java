package io.switchboard;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestTokens;
import io.switchboard.testing.WsClient;
import io.switchboard.testkit.Recording;
import io.switchboard.testkit.SwitchboardExtension;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP side of the same port: REST API, health, metrics, the page, and the 101 upgrade beside them. */
@ExtendWith(ArquillianExtension.class)
class RestApiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.switchboard();
    }

    static final Duration WITHIN = Duration.ofSeconds(10);

    @ArquillianResource
    URL url;

    @RegisterExtension
    final SwitchboardExtension switchboard = SwitchboardExtension.at(() -> WsClient.wsUri(Deployments.loopback(url)));

    private Http anonymous() throws Exception {
        return Http.anonymous(Deployments.loopback(url));
    }

    private static String topic() {
        return "public.r" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void publishOverHttpReachesWebSocketSubscribers() throws Exception {
        String topic = topic();
        Recording<JsonObject> subscriber = switchboard.record(topic, JsonObject.class);
        HttpResponse<String> response = anonymous().post("api/topics/" + topic + "/messages", "{\"price\":42}");
        assertEquals(201, response.statusCode());
        JsonObject body = Http.object(response);
        assertEquals(topic, body.getString("topic"));
        assertEquals(1, body.getInt("offset"));
        Recording.Received<JsonObject> message = subscriber.awaitNextReceived(1, WITHIN).get(0);
        assertEquals(42, message.data().getInt("price"));
        assertEquals(body.getString("epoch"), message.message().epoch());
    }

    @Test
    void publishingBadJsonIs400BadJson() throws Exception {
        assertError(anonymous().post("api/topics/" + topic() + "/messages", "{oops"), 400, "bad_json");
    }

    @Test
    void publishingToAnInvalidOrWildcardTopicIs400InvalidTopic() throws Exception {
        assertError(anonymous().post("api/topics/public..x/messages", "1"), 400, "invalid_topic");
        assertError(anonymous().post("api/topics/public.*/messages", "1"), 400, "invalid_topic");
    }

    @Test
    void publishingWithoutPermissionIs401ForAnonymousAnd403ForUsers() throws Exception {
        assertError(anonymous().post("api/topics/orders.eu/messages", "1"), 401, "unauthorized");
        String reader = TestTokens.user("rita", List.of(">"), List.of("public.>"));
        assertError(anonymous().as(reader).post("api/topics/orders.eu/messages", "1"), 403, "forbidden");
        assertError(anonymous().as(TestTokens.admin()).post("api/topics/sys.metrics/messages", "1"), 403, "forbidden");
    }

    @Test
    void aBadTokenIs401() throws Exception {
        assertError(anonymous().as("not-a-jwt").get("api/topics"), 401, "unauthorized");
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        String big = "\"" + "x".repeat(70_000) + "\"";
        assertError(anonymous().post("api/topics/" + topic() + "/messages", big), 413, "too_large");
    }

    @Test
    void topicListShowsSubscribersOffsetEpochAndRetained() throws Exception {
        String topic = topic();
        switchboard.record(topic, JsonValue.class);
        anonymous().post("api/topics/" + topic + "/messages", "1");
        anonymous().post("api/topics/" + topic + "/messages", "2");
        JsonObject entry = Http.array(anonymous().get("api/topics")).stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("topic").equals(topic)).findFirst().orElseThrow();
        assertEquals(1, entry.getInt("subscribers"));
        assertEquals(2, entry.getInt("offset"));
        assertEquals(2, entry.getInt("retained"));
        assertFalse(entry.getString("epoch").isEmpty());
    }

    @Test
    void topicListHidesTopicsTheCallerMayNotRead() throws Exception {
        Http admin = anonymous().as(TestTokens.admin());
        admin.post("api/topics/private.ledger/messages", "1");
        assertTrue(Http.array(admin.get("api/topics")).toString().contains("private.ledger"));
        assertFalse(Http.array(anonymous().get("api/topics")).toString().contains("private.ledger"));
    }

    @Test
    void historyOverHttpIsShapedLikeTheHistoryFrame() throws Exception {
        String topic = topic();
        String epoch = null;
        for (int i = 1; i <= 4; i++) {
            epoch = Http.object(anonymous().post("api/topics/" + topic + "/messages", String.valueOf(i))).getString("epoch");
        }
        JsonObject all = Http.object(anonymous().get("api/topics/" + topic + "/messages"));
        assertEquals(topic, all.getString("topic"));
        assertTrue(all.getBoolean("recovered"));
        assertEquals(4, all.getJsonArray("messages").size());
        JsonObject since = Http.object(anonymous().get("api/topics/" + topic + "/messages?since=2&epoch=" + epoch + "&limit=1"));
        assertTrue(since.getBoolean("recovered"));
        JsonArray messages = since.getJsonArray("messages");
        assertEquals(1, messages.size());
        assertEquals(3, messages.getJsonObject(0).getInt("offset"));
        JsonObject otherEpoch = Http.object(anonymous().get("api/topics/" + topic + "/messages?since=2&epoch=old"));
        assertFalse(otherEpoch.getBoolean("recovered"));
    }

    @Test
    void presenceOverHttpListsSubscribers() throws Exception {
        String topic = topic();
        switchboard.record(topic, JsonValue.class);
        String session = switchboard.client().welcome().orElseThrow().session();
        JsonObject presence = Http.object(anonymous().get("api/topics/" + topic + "/presence"));
        assertEquals(1, presence.getInt("count"));
        assertEquals(session, presence.getJsonArray("clients").getJsonObject(0).getString("session"));
    }

    @Test
    void statsCountConnectionsAndMessages() throws Exception {
        try (WsClient client = WsClient.connect(Deployments.loopback(url))) {
            client.next("welcome"); // a connection as it comes, before any request
            anonymous().post("api/topics/" + topic() + "/messages", "1");
            JsonObject stats = Http.object(anonymous().get("api/stats"));
            assertTrue(stats.getInt("connections") >= 1);
            assertTrue(stats.getJsonNumber("published").longValue() >= 1);
            for (String field : List.of("subscriptions", "topics", "delivered", "errors", "sendQueueFrames")) {
                assertTrue(stats.containsKey(field), field);
            }
        }
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        anonymous().post("api/topics/public..bad/messages", "1");
        HttpResponse<String> response = anonymous().get("api/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        String body = response.body();
        for (String metric : List.of("switchboard_connections ", "switchboard_subscriptions ", "switchboard_topics ",
                "switchboard_messages_published_total ", "switchboard_messages_delivered_total ",
                "switchboard_send_queue_frames ", "# TYPE switchboard_errors_total counter")) {
            assertTrue(body.contains(metric), metric);
        }
        assertTrue(body.matches("(?s).*switchboard_errors_total\\{code=\"invalid_topic\"} [1-9].*"));
    }

    @Test
    void healthIsUp() throws Exception {
        for (String probe : List.of("health", "health/live", "health/ready")) {
            HttpResponse<String> response = anonymous().get(probe);
            assertEquals(200, response.statusCode(), probe);
            assertEquals("UP", Http.object(response).getString("status"), probe);
        }
    }

    @Test
    void unknownApiRoutesAreJson404() throws Exception {
        assertError(anonymous().get("api/nothing-here"), 404, "not_found");
    }

    @Test
    void thePageAndTheWebSocketUpgradeShareOnePort() throws Exception {
        HttpResponse<String> page = anonymous().get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));

        URI base = Deployments.loopback(url);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("HTTP/1.1 101"));
            StringBuilder headers = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                headers.append(line.toLowerCase()).append('\n');
            }
            // RFC 6455's own example: this key must be answered with this accept value.
            assertTrue(headers.toString().contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="), headers::toString);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response::body);
        JsonObject body = Http.object(response);
        assertEquals(code, body.getString("code"));
        assertFalse(body.getString("message").isBlank());
    }
}
