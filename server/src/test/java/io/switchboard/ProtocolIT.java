package io.switchboard;

import io.switchboard.bench.Generator;
import io.switchboard.bench.Protocol;
import io.switchboard.bench.Scenarios;
import io.switchboard.bench.ServerProcess;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.testing.Deployments;
import io.switchboard.testing.Frames;
import io.switchboard.testing.Http;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.SessionAuditor;
import io.switchboard.testing.TestTokens;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket wire contract of docs/protocol.md, frame by frame, with real clients. */
@ExtendWith(ArquillianExtension.class)
class ProtocolIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        // Enough history that recovering from offset 1 while publishers are busy never depends on their speed.
        // Every test here uses topics of its own, all from one address: far more new topics than a real client
        // brings into being (SafetyIT tests that limit).
        return Deployments.switchboard("""
                switchboard.history-size=1000
                switchboard.anonymous.new-topics-per-second=1000
                """).addClass(SessionAuditor.class);
    }

    @ArquillianResource
    URL url;

    private URI base() {
        return Deployments.loopback(url);
    }

    private static String topic() {
        return "public.t" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String subscribe(String id, String topic) {
        return Frames.subscribe(id, topic);
    }

    /** A publish frame written by the codec, of {@code data} given as JSON text. */
    private static String publish(String id, String topic, String data) {
        return Frames.publish(id, topic, Json.createReader(new StringReader(data)).readValue());
    }

    private WsClient connected() throws Exception {
        WsClient client = WsClient.connect(base());
        client.next("welcome");
        return client;
    }

    @Test
    void welcomeIsTheFirstFrameAndShowsThe101Exchange() throws Exception {
        try (WsClient client = WsClient.connect(base())) {
            JsonObject welcome = client.next("welcome");
            assertFalse(welcome.getString("session").isEmpty());
            assertTrue(welcome.isNull("user"));
            assertEquals("switchboard", welcome.getJsonObject("server").getString("name"));
            assertEquals(25, welcome.getInt("heartbeat"));
            JsonObject limits = welcome.getJsonObject("limits");
            assertEquals(65536, limits.getInt("maxMessageBytes"));
            assertEquals(100, limits.getInt("maxSubscriptions"));
            assertEquals(100, limits.getInt("ratePerSecond"));
            JsonObject request = welcome.getJsonObject("handshake").getJsonObject("request");
            assertEquals("GET", request.getString("method"));
            assertEquals("/ws", request.getString("path"));
            assertEquals("websocket", header(request, "upgrade").toLowerCase());
            assertNotNull(header(request, "sec-websocket-key"));
            JsonObject response = welcome.getJsonObject("handshake").getJsonObject("response");
            assertEquals(101, response.getInt("status"));
            assertEquals("websocket", header(response, "upgrade").toLowerCase());
            assertNotNull(header(response, "sec-websocket-accept"));
        }
    }

    @Test
    void welcomeRedactsTokensInTheQueryAndTheAuthorizationHeader() throws Exception {
        String token = TestTokens.user("ann", List.of("public.>"), List.of());
        try (WsClient viaQuery = WsClient.connectTo(URI.create(WsClient.wsUri(base()) + "?token=" + token + "&x=1"));
             WsClient viaHeader = WsClient.connect(base(), token)) {
            JsonObject fromQuery = viaQuery.next("welcome");
            JsonObject fromHeader = viaHeader.next("welcome");
            assertEquals("ann", fromQuery.getString("user"));
            assertEquals("/ws?token=[redacted]&x=1",
                    fromQuery.getJsonObject("handshake").getJsonObject("request").getString("path"));
            assertEquals("[redacted]", header(fromHeader.getJsonObject("handshake").getJsonObject("request"),
                    "authorization"));
            assertFalse(fromQuery.toString().contains(token), fromQuery::toString);
            assertFalse(fromHeader.toString().contains(token), fromHeader::toString);
        }
    }

    @Test
    void subprotocolIsEchoedWhenAsked() throws Exception {
        try (WsClient client = WsClient.withSubprotocols(base(), "switchboard.v1")) {
            assertEquals("switchboard.v1", client.subprotocol());
        }
    }

    @Test
    void subscribeIsAckedWithTheTopicsLastOffsetAndEpoch() throws Exception {
        String topic = topic();
        try (WsClient client = connected()) {
            client.request(publish("p", topic, "1"));
            JsonObject ack = client.request(subscribe("s1", topic));
            assertEquals("ack", ack.getString("type"));
            assertEquals("s1", ack.getString("id"));
            assertEquals(topic, ack.getString("topic"));
            assertEquals(1, ack.getInt("offset"));
            assertFalse(ack.getString("epoch").isEmpty());
            assertFalse(ack.containsKey("recovered"));
        }
    }

    @Test
    void publishWithIdIsAckedWithOffsetAndEpoch() throws Exception {
        String topic = topic();
        try (WsClient client = connected()) {
            JsonObject first = client.request(publish("a", topic, "{\"n\":1}"));
            JsonObject second = client.request(publish("b", topic, "{\"n\":2}"));
            assertEquals("ack", first.getString("type"));
            assertEquals("a", first.getString("id"));
            assertEquals(1, first.getInt("offset"));
            assertEquals(2, second.getInt("offset"));
            assertEquals(first.getString("epoch"), second.getString("epoch"));
        }
    }

    @Test
    void publishWithoutIdIsNotAcked() throws Exception {
        try (WsClient client = connected()) {
            client.send(Frames.publish(null, topic(), 1));
            client.assertSilentFor(Duration.ofMillis(500));
        }
    }

    @Test
    void subscriberReceivesTopicOffsetEpochTimeAndData() throws Exception {
        String topic = topic();
        try (WsClient subscriber = connected(); WsClient publisher = connected()) {
            subscriber.request(subscribe("s", topic));
            publisher.request(publish("p", topic, "{\"text\":\"hello\",\"list\":[1,2]}"));
            JsonObject message = subscriber.next("message");
            assertEquals(topic, message.getString("topic"));
            assertEquals(1, message.getInt("offset"));
            assertFalse(message.getString("epoch").isEmpty());
            assertTrue(message.getString("time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
            assertEquals("hello", message.getJsonObject("data").getString("text"));
            assertEquals(2, message.getJsonObject("data").getJsonArray("list").size());
        }
    }

    @Test
    void anyJsonValueCanBePublished() throws Exception {
        String topic = topic();
        try (WsClient client = connected()) {
            client.request(subscribe("s", topic));
            for (String data : List.of("null", "42", "\"text\"", "[1,\"a\"]", "true", "{}")) {
                client.send(publish("p", topic, data));
                assertEquals(data, client.next("message").get("data").toString());
                client.next("ack");
            }
        }
    }

    @Test
    void starMatchesExactlyOneToken() throws Exception {
        String root = topic();
        try (WsClient client = connected()) {
            client.request(subscribe("s", root + ".*"));
            client.request(publish("deep", root + ".a.b", "1"));
            client.send(publish("one", root + ".a", "2"));
            JsonObject message = client.next("message");
            assertEquals(root + ".a", message.getString("topic"));
            client.next("ack");
        }
    }

    @Test
    void greaterThanMatchesOneOrMoreTokens() throws Exception {
        String root = topic();
        try (WsClient client = connected()) {
            client.request(subscribe("s", root + ".>"));
            client.request(publish("root", root, "0"));
            client.send(publish("one", root + ".a", "1"));
            assertEquals(root + ".a", client.next("message").getString("topic"));
            client.next("ack");
            client.send(publish("two", root + ".a.b", "2"));
            assertEquals(root + ".a.b", client.next("message").getString("topic"));
            client.next("ack");
        }
    }

    @Test
    void aMessageIsDeliveredOncePerSessionWhenSeveralSubscriptionsMatch() throws Exception {
        String topic = topic();
        try (WsClient client = connected()) {
            client.request(subscribe("1", topic));
            client.request(subscribe("2", "public.*"));
            client.request(subscribe("3", "public.>"));
            client.send(publish("p", topic, "1"));
            client.next("message");
            client.next("ack");
            client.assertSilentFor(Duration.ofMillis(300));
        }
    }

    @Test
    void unsubscribeStopsDelivery() throws Exception {
        String topic = topic();
        try (WsClient client = connected()) {
            client.request(subscribe("s", topic));
            JsonObject ack = client.request(Frames.unsubscribe("u", topic));
            assertEquals("ack", ack.getString("type"));
            assertEquals("u", ack.getString("id"));
            assertEquals("ack", client.request(publish("p", topic, "1")).getString("type"));
            client.assertSilentFor(Duration.ofMillis(300));
        }
    }

    @Test
    void historyReturnsRetainedMessagesOldestFirst() throws Exception {
        String topic = topic();
        try (WsClient client = connected()) {
            for (int i = 1; i <= 5; i++) {
                client.request(publish("p" + i, topic, String.valueOf(i)));
            }
            JsonObject history = client.request(Frames.history("h", topic));
            assertEquals("history", history.getString("type"));
            assertEquals("h", history.getString("id"));
            assertTrue(history.getBoolean("recovered"));
            assertEquals(List.of(1, 2, 3, 4, 5), offsets(history));
            assertEquals("message", history.getJsonArray("messages").getJsonObject(0).getString("type"));
        }
    }

    @Test
    void historySinceAnOffsetReturnsWhatFollowsItUpToTheLimit() throws Exception {
        String topic = topic();
        try (WsClient client = connected()) {
            String epoch = null;
            for (int i = 1; i <= 6; i++) {
                epoch = client.request(publish("p" + i, topic, String.valueOf(i))).getString("epoch");
            }
            JsonObject history = client.request(Frames.history("h", topic, new ClientFrame.Since(2, epoch), 3));
            assertTrue(history.getBoolean("recovered"));
            assertEquals(List.of(3, 4, 5), offsets(history));
        }
    }

    @Test
    void presenceListsTheSessionsSubscribedToATopic() throws Exception {
        String topic = topic();
        try (WsClient ann = WsClient.connect(base(), TestTokens.user("ann", List.of("public.>"), List.of()));
             WsClient anonymous = connected()) {
            String annSession = ann.next("welcome").getString("session");
            ann.request(subscribe("s", topic));
            anonymous.request(subscribe("s", topic));
            JsonObject presence = anonymous.request(Frames.presence("q", topic));
            assertEquals("presence", presence.getString("type"));
            assertEquals("q", presence.getString("id"));
            assertEquals(2, presence.getInt("count"));
            assertTrue(presence.getJsonArray("clients").stream().map(JsonObject.class::cast)
                    .anyMatch(c -> c.getString("session").equals(annSession) && c.getString("user").equals("ann")));
        }
    }

    @Test
    void joinAndLeaveReachSubscribersThatAskedForPresence() throws Exception {
        String topic = topic();
        try (WsClient watcher = connected()) {
            watcher.request(Frames.subscribeWithPresence("w", topic));
            WsClient visitor = WsClient.connect(base());
            String session = visitor.next("welcome").getString("session");
            visitor.request(subscribe("v", topic));
            JsonObject join = watcher.next("join");
            assertEquals(topic, join.getString("topic"));
            assertEquals(session, join.getString("session"));
            assertTrue(join.isNull("user"));
            visitor.close();
            JsonObject leave = watcher.next("leave");
            assertEquals(session, leave.getString("session"));
        }
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        try (WsClient client = connected()) {
            JsonObject pong = client.request(Frames.ping("42"));
            assertEquals("pong", pong.getString("type"));
            assertEquals("42", pong.getString("id"));
            assertFalse(client.request(Frames.ping(null)).containsKey("id"));
        }
    }

    @Test
    void reconnectingWithSinceRecoversMissedMessagesInOrder() throws Exception {
        String topic = topic();
        JsonObject last;
        try (WsClient first = connected()) {
            first.request(subscribe("s", topic));
            first.send(publish("p1", topic, "1"));
            last = first.next("message"); // fan-out comes before the publisher's own ack
            first.next("ack");
        }
        try (WsClient publisher = connected()) {
            for (int i = 2; i <= 4; i++) {
                publisher.request(publish("p" + i, topic, String.valueOf(i)));
            }
        }
        try (WsClient again = connected()) {
            JsonObject ack = again.request(Frames.subscribeSince("r", topic, last.getInt("offset"),
                    last.getString("epoch")));
            assertEquals("ack", ack.getString("type"));
            assertTrue(ack.getBoolean("recovered"));
            assertEquals(4, ack.getInt("offset"));
            List<Integer> recovered = new ArrayList<>();
            for (JsonObject message : again.next(3)) {
                recovered.add(message.getInt("offset"));
            }
            assertEquals(List.of(2, 3, 4), recovered);
        }
    }

    @Test
    void sinceWithAnotherEpochIsNotRecovered() throws Exception {
        String topic = topic();
        try (WsClient client = connected()) {
            client.request(publish("p", topic, "1"));
            JsonObject ack = client.request(Frames.subscribeSince("r", topic, 0, "not-this-one"));
            assertFalse(ack.getBoolean("recovered"));
            client.assertSilentFor(Duration.ofMillis(300));
        }
    }

    /** Replay then live with no gap and no duplicate while other clients keep publishing. */
    @Test
    void recoveryWhilePublishersAreBusyHasNoGapAndNoDuplicate() throws Exception {
        String topic = topic();
        int perPublisher = 150;
        try (WsClient seed = connected()) {
            seed.request(publish("seed", topic, "0"));
        }
        String epoch;
        try (WsClient probe = connected()) {
            epoch = probe.request(subscribe("x", topic)).getString("epoch");
        }
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            Thread thread = new Thread(() -> {
                try (WsClient publisher = connected()) {
                    for (int i = 0; i < perPublisher; i++) {
                        publisher.request(publish("p" + i, topic, String.valueOf(i)));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            publishers.add(thread);
        }
        Thread.sleep(100);
        try (WsClient late = connected()) {
            JsonObject ack = late.request(Frames.subscribeSince("r", topic, 1, epoch));
            assertTrue(ack.getBoolean("recovered"));
            for (Thread thread : publishers) {
                thread.join();
            }
            int total = 1 + 3 * perPublisher;
            for (int expected = 2; expected <= total; expected++) {
                assertEquals(expected, late.next("message").getInt("offset"));
            }
            late.assertSilentFor(Duration.ofMillis(300));
        }
    }

    @Test
    void sysMetricsIsPublishedEverySecond() throws Exception {
        try (WsClient admin = WsClient.connect(base(), TestTokens.admin())) {
            admin.next("welcome");
            admin.request(subscribe("m", "sys.metrics"));
            JsonObject first = admin.next("message");
            JsonObject second = admin.next("message");
            assertEquals("sys.metrics", first.getString("topic"));
            assertEquals(first.getInt("offset") + 1, second.getInt("offset"));
            JsonObject data = second.getJsonObject("data");
            for (String field : List.of("connections", "subscriptions", "topics", "publishedPerSecond",
                    "deliveredPerSecond", "heapUsedBytes")) {
                assertTrue(data.containsKey(field), field);
            }
            assertTrue(data.getInt("connections") >= 1);
        }
    }

    @Test
    void wildcardForAnonymousClientsDeliversOnlyWhatTheyMayRead() throws Exception {
        String topic = topic();
        try (WsClient anonymous = connected();
             WsClient admin = WsClient.connect(base(), TestTokens.admin())) {
            admin.next("welcome");
            anonymous.request(subscribe("all", ">"));
            admin.request(publish("secret", "private.x", "1"));
            admin.request(publish("open", topic, "2"));
            // Other public traffic may arrive too (this deployment's auditor publishes session events).
            JsonObject message;
            do {
                message = anonymous.next("message");
                assertFalse(message.getString("topic").startsWith("private."), message::toString);
            } while (!message.getString("topic").equals(topic));
        }
    }

    @Test
    void badJsonIsAnsweredAndTheConnectionStaysUsable() throws Exception {
        try (WsClient client = connected()) {
            assertError(client.request("{not json"), null, "bad_json");
            assertError(client.request("[[[[[["), null, "bad_json");
            assertEquals("pong", client.request(Frames.ping(null)).getString("type"));
        }
    }

    @Test
    void missingAndMistypedFieldsAreBadRequests() throws Exception {
        try (WsClient client = connected()) {
            assertError(client.request("{\"type\":\"subscribe\",\"id\":\"1\"}"), "1", "bad_request");
            assertError(client.request("{\"type\":\"subscribe\",\"id\":\"2\",\"topic\":7}"), "2", "bad_request");
            assertError(client.request("{\"type\":\"publish\",\"id\":\"3\",\"topic\":\"public.a\"}"), "3", "bad_request");
            assertError(client.request("{\"type\":\"history\",\"id\":\"4\",\"topic\":\"public.a\",\"limit\":-1}"), "4", "bad_request");
            assertError(client.request("{\"type\":\"subscribe\",\"id\":\"5\",\"topic\":\"public.a\",\"since\":{\"offset\":1e400,\"epoch\":\"e\"}}"), "5", "bad_request");
            assertError(client.request("{\"id\":\"6\"}"), "6", "bad_request");
            assertError(client.request("[1,2]"), null, "bad_request");
            assertError(client.request("{\"type\":\"subscribe\",\"id\":\"7\",\"topic\":\"public.*\",\"since\":{\"offset\":1,\"epoch\":\"e\"}}"), "7", "bad_request");
        }
    }

    @Test
    void unknownTypeIsNamedInTheError() throws Exception {
        try (WsClient client = connected()) {
            JsonObject error = client.request("{\"type\":\"teleport\",\"id\":\"t\"}");
            assertError(error, "t", "unknown_type");
            assertTrue(error.getString("message").contains("teleport"));
        }
    }

    @Test
    void malformedAndWildcardPublishTopicsAreInvalid() throws Exception {
        try (WsClient client = connected()) {
            for (String bad : List.of("", "a..b", ".a", "a.", "a b", "a.>.b", "x".repeat(201))) {
                assertError(client.request(subscribe("s", bad)), "s", "invalid_topic");
            }
            assertError(client.request(publish("p", "public.*", "1")), "p", "invalid_topic");
            assertError(client.request(publish("q", "public.>", "1")), "q", "invalid_topic");
        }
    }

    @Test
    void anonymousClientsOutsideTheirPermissionsAreUnauthorized() throws Exception {
        try (WsClient client = connected()) {
            assertError(client.request(subscribe("s", "orders.eu")), "s", "unauthorized");
            assertError(client.request(publish("p", "orders.eu", "1")), "p", "unauthorized");
            assertError(client.request(Frames.history("h", "orders.eu")), "h", "unauthorized");
            assertError(client.request(Frames.presence("q", "orders.eu")), "q", "unauthorized");
        }
    }

    @Test
    void nobodyButTheServerPublishesToSys() throws Exception {
        try (WsClient admin = WsClient.connect(base(), TestTokens.admin())) {
            admin.next("welcome");
            assertError(admin.request(publish("p", "sys.metrics", "1")), "p", "forbidden");
        }
    }

    @Test
    void framesOverTheLimitAreTooLarge() throws Exception {
        try (WsClient client = connected()) {
            String data = "\"" + "x".repeat(70_000) + "\"";
            assertError(client.request(publish("big", topic(), data)), "big", "too_large");
            assertEquals("pong", client.request(Frames.ping(null)).getString("type"));
        }
    }

    @Test
    void framesOverTwiceTheLimitCloseWith1009() throws Exception {
        try (WsClient client = connected()) {
            client.send(publish("huge", topic(), "\"" + "x".repeat(140_000) + "\""));
            assertEquals(1009, client.awaitClose().code());
        }
    }

    @Test
    void aMessageSentInFragmentsIsOneCommand() throws Exception {
        try (RawWebSocket client = new RawWebSocket(base())) {
            assertEquals("welcome", client.nextJson().getString("type"));
            client.sendFragments("{\"type\":", "\"ping\",\"id\":", "\"in-parts\"}");
            JsonObject pong = client.nextJson();
            assertEquals("pong", pong.getString("type"));
            assertEquals("in-parts", pong.getString("id"));
        }
    }

    @Test
    void fragmentsAddingUpToOverTwiceTheLimitCloseWith1009() throws Exception {
        try (RawWebSocket client = new RawWebSocket(base())) {
            assertEquals("welcome", client.nextJson().getString("type"));
            String message = publish("huge", topic(), "\"" + "x".repeat(150_000) + "\"");
            int third = message.length() / 3;
            client.sendFragments(message.substring(0, third), message.substring(third, 2 * third),
                    message.substring(2 * third));
            RawWebSocket.Frame frame = client.read();
            while (frame.opcode() != RawWebSocket.CLOSE) {
                frame = client.read();
            }
            assertEquals(1009, frame.closeCode());
        }
    }

    @Test
    void binaryFramesCloseWith1003() throws Exception {
        try (WsClient client = connected()) {
            client.sendBinary(new byte[]{1, 2, 3});
            assertEquals(1003, client.awaitClose().code());
        }
    }

    @Test
    void subscriptionsBeyondTheLimitAreRefused() throws Exception {
        try (WsClient client = connected()) {
            String root = topic();
            for (int i = 0; i < 100; i++) {
                client.send(subscribe("s" + i, root + "." + i));
            }
            for (int i = 0; i < 100; i++) {
                assertEquals("ack", client.next().getString("type"));
            }
            assertError(client.request(subscribe("over", root + ".x")), "over", "too_many_subscriptions");
        }
    }

    @Test
    void subscribingTwiceToTheSameTopicIsABadRequest() throws Exception {
        String topic = topic();
        try (WsClient client = connected()) {
            client.request(subscribe("a", topic));
            assertError(client.request(subscribe("b", topic)), "b", "bad_request");
        }
    }

    @Test
    void serverCodeObservesSessionEventsAndPublishesThroughTheHubApi() throws Exception {
        try (WsClient auditor = connected()) {
            auditor.request(subscribe("a", SessionAuditor.TOPIC));
            WsClient visitor = WsClient.connect(base());
            String session = visitor.next("welcome").getString("session");
            JsonObject opened = auditor.next("message").getJsonObject("data");
            assertEquals("opened", opened.getString("event"));
            assertEquals(session, opened.getString("session"));
            visitor.close();
            JsonObject closed = auditor.next("message").getJsonObject("data");
            assertEquals("closed", closed.getString("event"));
            assertEquals(session, closed.getString("session"));
        }
    }

    private static void assertError(JsonObject frame, String id, String code) {
        assertEquals("error", frame.getString("type"), () -> "expected an error, got " + frame);
        assertEquals(code, frame.getString("code"), frame::toString);
        assertFalse(frame.getString("message").isBlank());
        if (id == null) {
            assertFalse(frame.containsKey("id"));
        } else {
            assertEquals(id, frame.getString("id"));
        }
    }

    private static List<Integer> offsets(JsonObject history) {
        return history.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getInt("offset")).toList();
    }

    private static String header(JsonObject message, String name) {
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        message.getJsonObject("headers").forEach((k, v) -> headers.put(k, ((jakarta.json.JsonString) v).getString()));
        return headers.get(name);
    }

    /**
     * A burst queues frames behind each other, so the wire writes several per send where it can (TyrusWire on
     * Payara): every frame still arrives whole, in order, whatever its length field's size, and a history page of
     * over 64 KiB (a frame with an 8-byte length) too. Each server uses the wire meant for it.
     */
    @Test
    void framesWrittenTogetherArriveWholeAndInOrderThroughEachServersWire() throws Exception {
        String topic = topic();
        List<String> datas = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String pad = i % 10 == 9 ? "x".repeat(30_000) : i % 3 == 0 ? "é€😀".repeat(40) : "y".repeat(i);
            datas.add("{\"i\":" + i + ",\"pad\":\"" + pad + "\"}");
        }
        try (WsClient subscriber = connected(); WsClient publisher = connected()) {
            subscriber.request(subscribe("s", topic));
            for (String data : datas) {
                publisher.send(publish(null, topic, data));
            }
            for (int i = 0; i < datas.size(); i++) {
                JsonObject message = subscriber.next("message");
                assertEquals(i + 1, message.getInt("offset"));
                assertEquals(datas.get(i), message.get("data").toString());
            }
            JsonObject page = subscriber.request(Frames.history("h", topic, null, 30));
            assertEquals(30, page.getJsonArray("messages").size(), "a page of about 100 KB, in one frame");
            JsonObject stats = Http.object(Http.anonymous(base()).get("api/stats"));
            String wire = "payara-micro".equals(System.getProperty("arquillian.launch")) ? "tyrus-raw-frames"
                    : "async-remote";
            assertTrue(stats.getJsonObject("wires").getInt(wire) >= 2, stats::toString);
        }
    }

    /** The benchmark's generator (bench/) against this server: every message once, in order, acknowledged. */
    @Test
    void aSmokeRunOfTheBenchmarkGeneratorLosesNothing() throws Exception {
        URI base = base();
        try (Generator generator = new Generator(Protocol.named("switchboard"),
                new InetSocketAddress(base.getHost(), base.getPort()), 2)) {
            Scenarios.Result result = new Scenarios(generator, new ServerProcess(0), 10).fanOut(20, 50, 2);
            Map<String, String> values = result.values();
            assertTrue(Long.parseLong(values.get("published")) >= 50, values.toString());
            assertEquals(values.get("expected_deliveries"), values.get("deliveries"), values.toString());
            assertEquals("0", values.get("lost"));
            assertEquals("0", values.get("duplicates"));
            assertEquals("0", values.get("out_of_order"));
            assertEquals("0", values.get("unacked"));
            assertEquals("0", values.get("server_closes"));
            // every delivery carries the message's data in a frame of its own, so the wire shows at least that
            assertTrue(Double.parseDouble(values.get("bytes_per_delivery")) > Scenarios.MESSAGE_BYTES, values.toString());
            assertTrue(Long.parseLong(values.get("deliveries_per_second")) > 0, values.toString());
        }
    }
}
