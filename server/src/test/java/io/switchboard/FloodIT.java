package io.switchboard;

import io.switchboard.testing.Frames;
import io.switchboard.testing.Http;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestTokens;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak test of issue 13: anonymous clients, within the default limits and each from an address of its own (as a
 * botnet would, so that every per-address limit multiplies), flood a small-heap server with maximum-size messages
 * to many topics while others subscribe and never read. What the heap really holds stays
 * under 80 % of its maximum (measured after a full collection every few seconds: G1 leaves dead objects in the
 * old generation until it needs the room, so the heap in use says little), the server stays up and healthy, a
 * normal client keeps getting answers, and the flood gets clear errors. Twice: with history in memory, and with
 * the durable default. It runs its own Payara Micro processes, with a small heap, once per build. The round trips
 * it prints are for reading, not asserted: speed is the benchmark's business.
 */
class FloodIT {

    static final String HEAP = "-Xmx512m";
    static final Duration FLOOD = Duration.ofSeconds(20);
    static final int PUBLISHERS = 24;
    static final int PUBLISHES_PER_SECOND = 20;
    static final int TOPICS_PER_PUBLISHER = 50;
    /** Each may queue 4 MiB (send-queue-bytes); together more than the node's send budget (20 % of the heap). */
    static final int STALLED_SUBSCRIBERS = 30;
    /** As large as a frame may be under the default max-message-bytes (64 KiB), with room for the envelope. */
    static final String PAYLOAD = "x".repeat(65_000);

    private MicroServer server;
    private final AtomicBoolean flooding = new AtomicBoolean(true);
    private final Map<String, LongAdder> errorsSeen = new ConcurrentHashMap<>();
    private final LongAdder published = new LongAdder();
    private final List<String> stalledSessions = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopServer() throws Exception {
        flooding.set(false);
        if (server != null) {
            server.close();
        }
    }

    /** The flood against history in memory: what all topics retain is what the heap must survive. */
    @Test
    void aFloodOfAnonymousClientsNeitherExhaustsTheHeapNorStopsOtherClients() throws Exception {
        JsonObject stats = flood("flood-it-server", "-Dswitchboard.store=memory");
        // 20 % of the heap by default; evicting the oldest at the budget is SafetyIT's, the byte rates now keep this
        // flood near it
        long budget = stats.getJsonNumber("heapMaxBytes").longValue() / 5;
        assertTrue(stats.getJsonNumber("retainedBytes").longValue() <= budget + 200_000,
                "history stayed within its budget: " + report);
        assertTrue(errorsSeen.containsKey("rate_limited"), "the flood was told what it hit: " + report);
        assertTrue(published.sum() > PUBLISHERS * PUBLISHES_PER_SECOND * 5, "the flood was real: " + report);
        assertEquals(STALLED_SUBSCRIBERS, cutOff, "every stalled reader was cut off as a slow consumer: " + report);
    }

    /**
     * The same flood against the durable default: the history store takes what the publish byte rates let through
     * (what may wait for a commit is bounded too: {@code WaitingRoomTest}), and everything else holds.
     */
    @Test
    void aFloodOfDurableMessagesNeitherExhaustsTheHeapNorStopsOtherClients() throws Exception {
        JsonObject stats = flood("flood-it-durable-server");
        assertTrue(stats.getJsonObject("store").getBoolean("available"), report);
        assertTrue(errorsSeen.containsKey("rate_limited"), "the flood was told to slow down: " + report);
        assertTrue(published.sum() > PUBLISHERS * PUBLISHES_PER_SECOND * 5, "the flood was real: " + report);
    }

    private String report;
    private long cutOff;

    /** Runs the flood against a server of its own; asserts what must hold whatever the store; returns the stats. */
    private JsonObject flood(String name, String... options) throws Exception {
        List<String> jvm = new ArrayList<>(List.of(HEAP, "-Dswitchboard.trusted-proxies=127.0.0.1"));
        jvm.addAll(List.of(options));
        server = MicroServer.alone(name, jvm.toArray(String[]::new)).awaitReady(Duration.ofSeconds(120));
        URI base = server.base();
        Http http = Http.anonymous(base);
        // A normal client, signed in, from the test's own address (limits of its own: a token's subject), on a topic
        // that existed before the flood began. The flood is durable too.
        WsClient normal = WsClient.connect(base, TestTokens.user("normal", List.of("public.>"), List.of("public.>")));
        normal.next("welcome");
        assertEquals("ack", normal.request(Frames.subscribe("s", "public.normal")).getString("type"));

        ExecutorService pool = Executors.newCachedThreadPool();
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            pool.submit(() -> publish(base, publisher));
        }
        List<RawWebSocket> stalled = new ArrayList<>();
        for (int s = 0; s < STALLED_SUBSCRIBERS; s++) {
            stalled.add(subscribeWithoutReading(base));
        }

        List<Long> roundTrips = Collections.synchronizedList(new ArrayList<>());
        double worstLiveShare = 0;
        long deadline = System.nanoTime() + FLOOD.toNanos();
        long measuredAgainAt = 0;
        try (normal) {
            for (int i = 0; System.nanoTime() < deadline; i++) {
                long start = System.nanoTime();
                normal.send(Frames.publish("n" + i, "public.normal", Json.createValue(i)));
                JsonObject delivered = normal.next("message");
                if (start > measuredAgainAt) {
                    roundTrips.add((System.nanoTime() - start) / 1_000_000);
                }
                assertEquals(i, delivered.getInt("data"), "the normal client's own message came back");
                normal.next("ack");
                if (i % 30 == 29) {
                    server.collectGarbage();
                    // our own full collection stops the server for 100-200 ms, and the flood's backlog follows:
                    // the round trips of the next second measure this test, not the server
                    measuredAgainAt = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                    JsonObject stats = Http.object(http.get("api/stats"));
                    worstLiveShare = Math.max(worstLiveShare, (double) stats.getJsonNumber("heapLiveBytes").longValue()
                            / stats.getJsonNumber("heapMaxBytes").longValue());
                }
                Thread.sleep(100);
            }
        }
        flooding.set(false);
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));

        JsonObject stats = Http.object(http.get("api/stats"));
        List<Long> sorted = new ArrayList<>(roundTrips);
        Collections.sort(sorted);
        String stillOpen = Http.array(new Http(base, TestTokens.admin()).get("api/connections")).toString();
        cutOff = stalledSessions.stream().filter(session -> !stillOpen.contains(session)).count();
        for (RawWebSocket socket : stalled) {
            socket.close();
        }
        report = "published " + published.sum() + ", errors seen " + errorsSeen + ", stalled readers cut off "
                + cutOff + " of " + STALLED_SUBSCRIBERS + ", worst live heap " + Math.round(worstLiveShare * 100) + " %, round trips: "
                + sorted.size() + " (not those in the second after a forced collection), p50 " + sorted.get(sorted.size() / 2) + " ms, p99 "
                + sorted.get(sorted.size() * 99 / 100) + " ms, max " + sorted.get(sorted.size() - 1) + " ms; " + stats;
        System.out.println("FloodIT: " + report);

        assertTrue(worstLiveShare < 0.8, "the live heap stayed under 80 % of the maximum: " + report);
        assertEquals(200, http.get("health").statusCode(), "healthy after the flood: " + report);
        // Payara runs MicroProfile Health, at /mp-health by preboot.asadmin: Switchboard's checks are there too
        for (String probe : List.of("live", "ready")) {
            JsonObject health = Http.object(http.get("mp-health/" + probe));
            assertEquals("UP", health.getString("status"), probe + ": " + health);
            assertEquals("switchboard-" + probe, health.getJsonArray("checks").getJsonObject(0).getString("name"));
        }
        assertFalse(Files.readString(server.log().toPath()).contains("OutOfMemoryError"), "no OutOfMemoryError");
        return stats;
    }

    /** Maximum-size publishes to a rotating set of topics, answers read as fast as they come. */
    private void publish(URI base, int publisher) {
        Pattern code = Pattern.compile("\"code\":\"([a-z_]+)\"");
        while (flooding.get()) {
            try (RawWebSocket socket = new RawWebSocket(base, "198.51.100." + (10 + publisher))) {
                socket.nextText();
                Thread reader = new Thread(() -> {
                    try {
                        while (flooding.get()) {
                            Matcher refused = code.matcher(socket.nextText());
                            if (refused.find()) {
                                errorsSeen.computeIfAbsent(refused.group(1), c -> new LongAdder()).increment();
                            }
                        }
                    } catch (IOException closed) {
                        // the server closed this connection; the writer opens another
                    }
                });
                reader.start();
                for (int i = 0; flooding.get() && reader.isAlive(); i++) {
                    String topic = "public.flood." + publisher + "." + (i % TOPICS_PER_PUBLISHER);
                    socket.sendText(Frames.publish(null, topic, Json.createValue(PAYLOAD)));
                    published.increment();
                    Thread.sleep(1000 / PUBLISHES_PER_SECOND);
                }
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    return;
                }
            }
        }
    }

    /** Subscribes to everything public and, after the welcome, never reads again. */
    private RawWebSocket subscribeWithoutReading(URI base) throws IOException {
        RawWebSocket socket = new RawWebSocket(base);
        stalledSessions.add(socket.nextJson().getString("session"));
        socket.sendText(Frames.subscribe("all", "public.>"));
        return socket;
    }
}
