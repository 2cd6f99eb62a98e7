package io.switchboard;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Frames;
import io.switchboard.testing.Http;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.TestTokens;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Safe in the open: memory bounded for all topics and clients together, limits per client rather than per
 * connection, bodies bounded before any work, JSON errors only, strict tokens. Small limits, so that real clients
 * reach them; see docs/security.md for the table these tests prove.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SafetyIT {

    static final int SEND_QUEUE_BYTES = 256 * 1024;
    static final int HISTORY_MAX_BYTES = 2_000_000;
    static final int MAX_TOPICS = 400;
    static final int CLIENT_CONNECTIONS = 5;
    static final int ANONYMOUS_NEW_TOPICS = 5;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.switchboard("""
                switchboard.history-size=50
                switchboard.history-ttl-seconds=5
                switchboard.history-topic-bytes=4000000
                switchboard.history-max-bytes=%d
                switchboard.send-queue-bytes=%d
                switchboard.max-topics=%d
                switchboard.client.max-connections=%d
                switchboard.anonymous.new-topics-per-second=%d
                switchboard.trusted-proxies=127.0.0.1
                switchboard.topics."public.many.>".durable=false
                """.formatted(HISTORY_MAX_BYTES, SEND_QUEUE_BYTES, MAX_TOPICS, CLIENT_CONNECTIONS,
                ANONYMOUS_NEW_TOPICS));
    }

    @ArquillianResource
    URL url;

    private URI base() {
        return Deployments.loopback(url);
    }

    /** A user of its own per test: limits per client then do not carry over from one test to the next. */
    private static String user(String name) {
        return TestTokens.user(name + "-" + UUID.randomUUID().toString().substring(0, 6), List.of(">"), List.of(">"));
    }

    private static JsonValue text(int chars) {
        return Json.createValue("x".repeat(chars));
    }

    /** A REST publish, waiting as told when a fast server meets the caller's publish rate (not what is tested). */
    private static HttpResponse<String> publishWithinRate(Http http, String topic, String body) throws InterruptedException {
        while (true) {
            HttpResponse<String> response = http.post("api/topics/" + topic + "/messages", body);
            if (response.statusCode() != 429 || !"rate_limited".equals(Http.object(response).getString("code"))) {
                return response;
            }
            Thread.sleep(1000L * Integer.parseInt(response.headers().firstValue("Retry-After").orElse("1")));
        }
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @Order(1)
    void historyComesInPagesThatFitTheRequestersQueueAndTheClientStaysConnected() {
        String topic = unique("public.pages");
        int messages = 40;
        try (WsClient client = WsClient.connect(base(), user("pager"))) {
            client.next("welcome");
            for (int i = 1; i <= messages; i++) {
                assertEquals("ack", client.request(Frames.publish("p" + i, topic, text(20_000))).getString("type"));
            }
            List<Integer> offsets = new ArrayList<>();
            JsonValue since = null;
            int pages = 0;
            do {
                JsonObject page = client.request(Frames.history("h" + pages, topic, since));
                pages++;
                assertTrue(page.toString().length() <= SEND_QUEUE_BYTES, "a page fits the queue");
                page.getJsonArray("messages").forEach(m -> offsets.add(m.asJsonObject().getInt("offset")));
                since = page.get("next");
            } while (since != null);
            assertTrue(pages >= 4, "800 KB in pages of at most 128 KiB: " + pages);
            assertEquals(java.util.stream.IntStream.rangeClosed(1, messages).boxed().toList(), offsets);
            assertEquals("pong", client.request(Frames.ping("still")).getString("type"), "never a slow consumer");
        }
    }

    @Test
    @Order(2)
    void restHistoryPagesLinkToTheNextPage() {
        String topic = unique("public.restpages");
        Http http = new Http(base(), user("rest-pager"));
        for (int i = 0; i < 12; i++) {
            assertEquals(201, http.post("api/topics/" + topic + "/messages", text(20_000).toString()).statusCode());
        }
        HttpResponse<String> first = http.get("api/topics/" + topic + "/messages");
        JsonObject page = Http.object(first);
        assertTrue(page.getJsonArray("messages").size() < 12);
        String link = first.headers().firstValue("Link").orElseThrow();
        assertTrue(link.contains("rel=\"next\""), link);
        String next = link.substring(link.indexOf('<') + 2, link.indexOf('>'));
        JsonObject second = Http.object(http.get(next));
        assertEquals(page.getJsonObject("next").getInt("offset") + 1,
                second.getJsonArray("messages").getJsonObject(0).getInt("offset"), "continues without a gap");
    }

    @Test
    @Order(3)
    void aWildcardSubscriptionIsInForceWhenItsAckArrives() {
        try (WsClient client = WsClient.connect(base(), user("wildcard"))) {
            client.next("welcome");
            for (int round = 0; round < 20; round++) {
                String prefix = unique("public.inforce");
                client.request(Frames.subscribe("s" + round, prefix + ".*"));
                client.send(Frames.publish(null, prefix + ".x", Json.createValue(round)));
                JsonObject message = client.next("message");
                assertEquals(round, message.getInt("data"));
            }
        }
    }

    @Test
    @Order(4)
    void retainedHistoryStaysWithinTheHubWideBudgetEvictingTheOldestFirst() throws Exception {
        Http http = new Http(base(), user("flooder"));
        String first = unique("public.budget-first");
        String epoch = Http.object(publishWithinRate(http, first, text(10_000).toString())).getString("epoch");
        for (int topic = 0; topic < 60; topic++) {
            String name = unique("public.budget");
            for (int i = 0; i < 5; i++) {
                assertEquals(201, publishWithinRate(http, name, text(10_000).toString()).statusCode());
            }
        }
        JsonObject stats = Http.object(http.get("api/stats"));
        assertTrue(stats.getJsonNumber("retainedBytes").longValue() <= HISTORY_MAX_BYTES + 100_000,
                "retained " + stats.getJsonNumber("retainedBytes"));
        assertTrue(stats.getJsonNumber("evicted").longValue() > 0);
        try (WsClient late = WsClient.connect(base(), user("late"))) {
            late.next("welcome");
            JsonObject ack = late.request(Frames.subscribeSince("s", first, 0, epoch));
            assertFalse(ack.getBoolean("recovered"), "the evicted message cannot be recovered, and the ack says so");
        }
    }

    @Test
    @Order(5)
    void anonymousClientsBringFewNewTopicsIntoBeingAndExistingOnesStillWork() {
        try (WsClient client = WsClient.connect(base())) {
            client.next("welcome");
            List<String> codes = new ArrayList<>();
            String existing = unique("public.existing");
            client.request(Frames.publish("first", existing, JsonValue.TRUE));
            for (int i = 0; i < 10 * ANONYMOUS_NEW_TOPICS + 30; i++) { // beyond the burst of ten seconds' worth
                JsonObject answer = client.request(Frames.publish("n" + i, unique("public.new"), JsonValue.TRUE));
                codes.add(answer.getString("code", "ack"));
            }
            assertTrue(codes.contains("too_many_topics"), codes.toString());
            assertEquals("ack", client.request(Frames.publish("again", existing, JsonValue.TRUE)).getString("type"));
        }
    }

    @Test
    @Order(6)
    void connectionsAreLimitedPerClientAndATrustedProxyNamesTheClient() {
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENT_CONNECTIONS; i++) {
                WsClient client = WsClient.connect(base(), null, Map.of("X-Forwarded-For", "198.51.100.7"), true);
                open.add(client);
                client.next("welcome");
            }
            assertEquals(429, WsClient.refusedStatus(base(), "", Map.of("X-Forwarded-For", "198.51.100.7")));
            WsClient neighbour = WsClient.connect(base(), null, Map.of("X-Forwarded-For", "198.51.100.8"), true);
            open.add(neighbour);
            assertEquals("welcome", neighbour.next().getString("type"), "another client behind the same proxy");
        } finally {
            open.forEach(WsClient::close);
        }
    }

    @Test
    @Order(7)
    void aBodyOverTheLimitIsRefusedBeforeItArrivesOrAnyoneIsAuthenticated() throws Exception {
        // 8 MiB: far over the limit, under the 10 MB past which WildFly refuses a body itself (with a 400 of its own)
        RawHttp.Answer answer = RawHttp.exchange(base(), "POST /api/tokens HTTP/1.1\r\nContent-Type: application/json"
                + "\r\nContent-Length: 8388608", "{\"sub\":".getBytes(StandardCharsets.US_ASCII));
        assertEquals(413, answer.status());
        assertTrue(answer.text().contains("\"code\":\"too_large\""), answer.text());
    }

    @Test
    @Order(8)
    void aChunkedBodyIsCutOffOnceItGrowsPastTheLimit() throws Exception {
        StringBuilder chunks = new StringBuilder();
        String chunk = "[" + "1,".repeat(8000) + "1]";
        for (int i = 0; i < 8; i++) {
            chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        RawHttp.Answer answer = RawHttp.exchange(base(), "POST /api/topics/public.chunked/messages HTTP/1.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked",
                chunks.toString().getBytes(StandardCharsets.US_ASCII));
        assertEquals(413, answer.status(), answer.text());
        assertTrue(answer.text().contains("\"code\":\"too_large\""), answer.text());
    }

    @Test
    @Order(9)
    void stateChangingRequestsMustBeJsonWhichStopsCrossSiteSimpleRequests() {
        Http http = Http.anonymous(base());
        HttpResponse<String> plain = http.post("api/topics/public.csrf/messages", "{\"x\":1}", "text/plain");
        assertEquals(415, plain.statusCode());
        assertEquals("unsupported_media_type", Http.object(plain).getString("code"));
        HttpResponse<String> form = http.post("api/tokens", "sub=x", "application/x-www-form-urlencoded");
        assertEquals(415, form.statusCode());
        assertEquals(201, http.post("api/topics/public.csrf/messages", "{\"x\":1}", "application/json; charset=utf-8")
                .statusCode());
    }

    @Test
    @Order(10)
    void malformedBodiesAndUnknownRoutesGetJsonErrorsNeverAStackTrace() {
        Http anonymous = Http.anonymous(base());
        HttpResponse<String> malformed = anonymous.post("api/tokens", "{\"sub\": [unclosed");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertEquals("bad_json", Http.object(malformed).getString("code"));
        HttpResponse<String> mistyped = anonymous.post("api/tokens", "{\"sub\": {\"not\": \"a string\"}}");
        assertTrue(mistyped.statusCode() == 400 || mistyped.statusCode() == 401, mistyped.body());
        for (HttpResponse<String> response : List.of(anonymous.get("no/such/page.html"), anonymous.get("api/nowhere"),
                anonymous.send("health", r -> r.DELETE()), anonymous.send("api/stats", r -> r.DELETE()))) {
            assertTrue(response.statusCode() >= 400, response.uri() + " " + response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                    response.uri() + ": " + response.headers().map());
            JsonObject error = Http.object(response);
            assertNotNull(error.getString("code"));
            assertFalse(response.body().contains("Exception") || response.body().contains("at io."), response.body());
        }
    }

    @Test
    @Order(11)
    void tokensNotYetValidAreRefusedAndMintedTokensNeverOutliveTheirMinter() {
        String future = TestTokens.mintWith("later", Map.of("admin", true, "nbf",
                System.currentTimeMillis() / 1000 + 3600), Duration.ofHours(2));
        assertEquals(401, WsClient.refusedStatus(base(), "?token=" + future, Map.of()));
        assertEquals(401, Http.anonymous(base()).as(future).get("api/connections").statusCode());

        String shortAdmin = TestTokens.mintWith("brief-admin", Map.of("admin", true), Duration.ofMinutes(10));
        HttpResponse<String> minted = new Http(base(), shortAdmin).post("api/tokens",
                "{\"sub\":\"svc\",\"lifetimeSeconds\":31536000}");
        assertEquals(201, minted.statusCode(), minted.body());
        java.time.Instant expiresAt = java.time.Instant.parse(Http.object(minted).getString("expiresAt"));
        assertTrue(expiresAt.isBefore(java.time.Instant.now().plus(Duration.ofMinutes(11))), "capped: " + expiresAt);
    }

    @Test
    @Order(12)
    void clientStringsAreLengthLimited() {
        try (WsClient client = WsClient.connect(base())) {
            client.next("welcome");
            JsonObject refused = client.request(Frames.ping("i".repeat(200)));
            assertEquals("bad_request", refused.getString("code"));
            assertNull(refused.get("id"), "an overlong id is not echoed");
        }
        HttpResponse<String> longSubject = new Http(base(), TestTokens.admin()).post("api/tokens",
                "{\"sub\":\"" + "s".repeat(500) + "\"}");
        assertEquals(400, longSubject.statusCode());
    }

    /**
     * Last: it fills the topic table, which the other tests need. Retained topics expire after five seconds, so the
     * table must fill faster than that on a loaded machine: its topics are kept in memory (no commit to wait for).
     */
    @Test
    @Order(13)
    void anAddressPublishesAtMostItsByteRateAndStaysConnected() {
        Map<String, String> address = Map.of("X-Forwarded-For", "198.51.100.20");
        String topic = unique("public.bytes");
        String frame = Frames.publish("p", topic, text(60_000));
        // a burst of four seconds' worth (1 MiB at 256 KiB/s), then the rate: 40 frames of 60 KB sent at once pass it
        try (WsClient client = WsClient.connect(base(), null, address, true)) {
            client.next("welcome");
            for (int i = 0; i < 40; i++) {
                client.send(Frames.publish("p" + i, topic, text(60_000)));
            }
            List<JsonObject> refused = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                JsonObject answer = client.next();
                if (answer.getString("type").equals("error")) {
                    refused.add(answer);
                }
            }
            assertFalse(refused.isEmpty(), "some were refused");
            assertTrue(refused.size() < 40, "the burst got through");
            for (JsonObject answer : refused) {
                assertEquals("rate_limited", answer.getString("code"), answer.toString());
                assertTrue(answer.getString("id").startsWith("p"), "the refusal names the publish");
                assertTrue(answer.getString("message").contains("bytes of publishes a second per address"),
                        answer.toString());
            }
            assertEquals("pong", client.request(Frames.ping("still")).getString("type"), "still connected");
            HttpResponse<String> rest = null;
            for (int i = 0; i < 20 && (rest == null || rest.statusCode() != 429); i++) {
                rest = Http.anonymous(base()).send("api/topics/" + topic + "/messages", request -> request
                        .header("X-Forwarded-For", "198.51.100.20").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(text(60_000).toString())));
            }
            assertEquals(429, rest.statusCode(), "REST bodies count against the same rate: " + rest.body());
            assertEquals("rate_limited", Http.object(rest).getString("code"));
            assertTrue(rest.headers().firstValue("Retry-After").isPresent());
        }
        try (WsClient neighbour = WsClient.connect(base(), null, Map.of("X-Forwarded-For", "198.51.100.21"), true)) {
            neighbour.next("welcome");
            assertEquals("ack", neighbour.request(frame).getString("type"), "another address has a rate of its own");
        }
    }

    @Test
    @Order(100)
    void theNumberOfTopicsIsBoundedWithAClearError() throws Exception {
        Http http = new Http(base(), user("creator"));
        String code = null;
        for (int i = 0; i < MAX_TOPICS + 10 && code == null; i++) {
            HttpResponse<String> response = publishWithinRate(http, unique("public.many."), "1");
            if (response.statusCode() != 201) {
                assertEquals(503, response.statusCode(), response.body());
                code = Http.object(response).getString("code");
            }
        }
        assertEquals("topic_limit_reached", code);
        Thread.sleep(7_000);
        assertEquals(201, http.post("api/topics/" + unique("public.many.") + "/messages", "1").statusCode(),
                "room again once idle topics expired");
    }
}
