package io.switchboard;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.EventStream;
import io.switchboard.testing.Frames;
import io.switchboard.testing.Http;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestTokens;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits that keep one bad client from hurting the rest, with small values so real clients reach them. */
@ExtendWith(ArquillianExtension.class)
class LimitsIT {

    static final int MAX_CONNECTIONS = 40;
    static final int RATE = 50;
    static final int SEND_QUEUE_BYTES = 4 * 1024 * 1024;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.switchboard("""
                switchboard.max-connections=%d
                switchboard.rate-per-second=%d
                switchboard.rate-burst=%d
                switchboard.send-queue-messages=100
                switchboard.send-queue-bytes=%d
                switchboard.anonymous.publish-bytes-per-second=0
                switchboard.anonymous.total-publish-bytes-per-second=0
                """.formatted(MAX_CONNECTIONS, RATE, RATE, SEND_QUEUE_BYTES));
    }

    @ArquillianResource
    URL url;

    private URI base() {
        return Deployments.loopback(url);
    }

    private WsClient connected() {
        WsClient client = WsClient.connect(base());
        client.next("welcome");
        return client;
    }

    @Test
    void commandsBeyondTheRateAreRefusedAndTheConnectionStaysUsable() throws Exception {
        try (WsClient client = connected()) {
            int sent = RATE * 2; // twice the burst: more than any refill while sending, less than abuse
            for (int i = 0; i < sent; i++) {
                client.send(Frames.ping(String.valueOf(i)));
            }
            List<JsonObject> answers = client.next(sent);
            long limited = answers.stream().filter(a -> "rate_limited".equals(a.getString("code", null))).count();
            long pongs = answers.stream().filter(a -> a.getString("type").equals("pong")).count();
            assertTrue(limited >= 1, "some pings were over the burst");
            assertTrue(pongs >= RATE, "the burst itself was answered");
            assertEquals(sent, limited + pongs, "every ping got exactly one answer");
            Thread.sleep(1100);
            assertEquals("pong", client.request(Frames.ping(null)).getString("type"));
        }
    }

    @Test
    void sustainedAbuseClosesTheConnectionWith1008() throws Exception {
        Http admin = new Http(base(), TestTokens.admin());
        try (RawWebSocket abuser = new RawWebSocket(base())) {
            String session = abuser.nextJson().getString("session");
            // Read the answers as fast as they come, so that only the rate limit can end this connection.
            CompletableFuture<RawWebSocket.Frame> closeFrame = CompletableFuture.supplyAsync(() -> {
                try {
                    RawWebSocket.Frame frame;
                    do {
                        frame = abuser.read();
                    } while (frame.opcode() != RawWebSocket.CLOSE);
                    return frame;
                } catch (java.io.IOException reset) {
                    return null; // the server closed while we were still writing: the reset came first
                }
            });
            for (int i = 0; i < RATE * 40 && !closeFrame.isDone(); i++) {
                try {
                    abuser.sendText(Frames.ping(null));
                } catch (java.io.IOException closedMeanwhile) {
                    break;
                }
            }
            RawWebSocket.Frame close = closeFrame.get(10, TimeUnit.SECONDS);
            String reason = close == null ? null : close.text();
            // Every refused command is answered, so a container that completes sends slowly (Undertow) may see
            // the answers outgrow the send queue before the abuse threshold: a 1008 either way.
            if (close != null) {
                assertEquals(1008, close.closeCode());
                assertTrue(List.of("rate limit exceeded", "slow consumer").contains(reason), reason);
            }
            assertFalse(Http.array(admin.get("api/connections")).toString().contains(session), "the server ended it");
            int refused = Http.object(admin.get("api/stats")).getJsonObject("errors").getInt("rate_limited");
            assertTrue("rate limit exceeded".equals(reason) ? refused > RATE * 5 : refused > 0, "refused: " + refused);
        }
    }

    @Test
    void restPublishingBeyondTheRateIs429WithRetryAfter() throws Exception {
        String topic = "public.rest-rate";
        // A burst of three seconds' worth at once: however fast the machine, the bucket cannot refill in time.
        // HTTP/1.1: the JDK client's default upgrade to h2c once ended in a GOAWAY from Payara amid the burst.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < RATE * 3; i++) {
            burst.add(client.sendAsync(HttpRequest.newBuilder(base().resolve("api/topics/" + topic + "/messages"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("1")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> refused = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : burst) {
            if (response.get(30, TimeUnit.SECONDS).statusCode() == 429) {
                refused.add(response.get());
            }
        }
        assertFalse(refused.isEmpty(), "the burst was exceeded");
        assertEquals("rate_limited", Http.object(refused.get(0)).getString("code"));
        assertTrue(Integer.parseInt(refused.get(0).headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertEquals(201, new Http(base(), TestTokens.user("other", List.of(), List.of("public.>")))
                .post("api/topics/" + topic + "/messages", "1").statusCode(), "other callers are not affected");
    }

    @Test
    void connectionsBeyondTheLimitCloseWith1013() throws Exception {
        List<WsClient> clients = new ArrayList<>();
        try {
            WsClient.Closed refused = null;
            for (int i = 0; i < MAX_CONNECTIONS + 5 && refused == null; i++) {
                WsClient client = WsClient.connect(base());
                clients.add(client);
                JsonObject first = client.nextOrNull();
                if (first == null) {
                    refused = client.awaitClose();
                }
            }
            assertTrue(refused != null, "the limit was reached");
            assertEquals(1013, refused.code());
            assertEquals("server full, try again later", refused.reason());
        } finally {
            clients.forEach(WsClient::close);
        }
        Thread.sleep(500);
        try (WsClient again = WsClient.connect(base())) {
            assertEquals("welcome", again.next().getString("type"), "room again once clients left");
        }
    }

    @Test
    void eventStreamsCountAgainstTheSameLimitAsWebSocketSessions() throws Exception {
        List<EventStream> streams = new ArrayList<>();
        try {
            EventStream refused = null;
            for (int i = 0; i < MAX_CONNECTIONS + 5 && refused == null; i++) {
                EventStream stream = EventStream.open(base(), "api/stream");
                streams.add(stream);
                if (stream.response().statusCode() != 200) {
                    refused = stream;
                }
            }
            assertTrue(refused != null, "the limit was reached");
            assertEquals(503, refused.response().statusCode());
            assertEquals("unavailable", refused.error().getString("code"));
        } finally {
            // streams whose client left are noticed at the next heartbeat; the admin ends them now instead
            Http admin = new Http(base(), TestTokens.admin());
            for (EventStream stream : streams) {
                if (stream.response().statusCode() == 200) {
                    String session = stream.nextOfType("welcome", Duration.ofSeconds(10)).json().getString("session");
                    assertEquals(204, admin.send("api/connections/" + session, request -> request.DELETE())
                            .statusCode());
                }
                stream.close();
            }
        }
    }

    /** A stalled client is cut off; a fast one on the same topic gets every message; queues stay bounded. */
    @Test
    void aSlowConsumerIsClosedWhileAFastSubscriberReceivesEverything() throws Exception {
        String topic = "public.flood" + UUID.randomUUID().toString().substring(0, 6);
        String admin = TestTokens.admin();
        Http http = new Http(base(), admin);
        String subscribe = Frames.subscribe("s", topic);
        int publishers = 10;
        int each = 40;
        JsonValue payload = Json.createValue("x".repeat(60_000));
        try (RawWebSocket fast = new RawWebSocket(base());
             WsClient stalled = WsClient.connect(base(), null, Map.of(), false)) {
            String stalledSession = stalled.next("welcome").getString("session");
            assertEquals("welcome", fast.nextJson().getString("type"));
            fast.sendText(subscribe);
            assertEquals("ack", fast.nextJson().getString("type"));
            stalled.send(subscribe);

            ExecutorService pool = Executors.newFixedThreadPool(publishers);
            List<Future<Integer>> acks = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                acks.add(pool.submit(() -> {
                    int acked = 0;
                    try (WsClient publisher = connected()) {
                        for (int i = 0; i < each; i++) {
                            JsonObject ack = publisher.request(Frames.publish(String.valueOf(i), topic, payload));
                            acked += ack.getString("type").equals("ack") ? 1 : 0;
                        }
                    }
                    return acked;
                }));
            }
            // Sample the queues on a thread of their own: the fast reader must never pause.
            java.util.concurrent.atomic.AtomicLong maxQueued = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleWithFixedDelay(() -> maxQueued.accumulateAndGet(Http.object(http.get("api/stats"))
                    .getJsonNumber("sendQueueBytes").longValue(), Math::max), 0, 100, TimeUnit.MILLISECONDS);
            // The fast reader only looks at the offset: parsing 60 KB frames would make it slower than ten
            // publishers, and a bounded queue rightly cuts off a subscriber that cannot keep up.
            java.util.regex.Pattern offsetField = java.util.regex.Pattern.compile("\"offset\":(\\d+)");
            for (int offset = 1; offset <= publishers * each; offset++) {
                java.util.regex.Matcher found = offsetField.matcher(fast.nextText());
                assertTrue(found.find());
                assertEquals(offset, Integer.parseInt(found.group(1)));
            }
            sampler.shutdownNow();
            for (Future<Integer> acked : acks) {
                assertEquals(each, acked.get(30, TimeUnit.SECONDS));
            }
            pool.shutdown();

            assertFalse(Http.array(http.get("api/connections")).toString().contains(stalledSession),
                    "the stalled client was closed");
            JsonObject stats = Http.object(http.get("api/stats"));
            // Each of the connections open meanwhile (fast, stalled, the publishers) may queue up to its bound.
            assertTrue(maxQueued.get() <= (long) SEND_QUEUE_BYTES * (publishers + 2), "queues stayed bounded");
            assertTrue(stats.getJsonNumber("heapUsedBytes").longValue() < 768L * 1024 * 1024, "heap stayed bounded");
        }
    }
}
