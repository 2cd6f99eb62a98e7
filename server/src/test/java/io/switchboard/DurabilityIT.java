package io.switchboard;

import io.switchboard.client.SubscribeOptions;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.testing.Http;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.PostgresServer;
import io.switchboard.testing.RestPublishers;
import io.switchboard.testing.WsClient;
import io.switchboard.testkit.Recording;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static io.switchboard.testing.Eventually.eventually;
import static io.switchboard.testkit.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable history across restarts and crashes: on the embedded H2 file by default, and on PostgreSQL from Debian's
 * packages, through Payara's own data source and through Switchboard's pool. Arquillian cannot kill its server in
 * the middle of a test, so these tests run Payara Micro processes of their own.
 */
class DurabilityIT {

    private static final Duration START = Duration.ofSeconds(120);
    /** Enough history, and send-queue room, that a resume from the first message of a stream is recoverable. */
    private static final String[] LONG_HISTORY = {"-Dswitchboard.topics.\"public.stream\".history-size=50000",
            "-Dswitchboard.send-queue-messages=50000"};

    private MicroServer server;
    private PostgresServer postgres;

    @AfterEach
    void stopServers() throws Exception {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void onTheEmbeddedDatabaseAKillInTheMiddleOfAStreamLosesNothingAcknowledged() throws Exception {
        server = MicroServer.alone("durability-h2", LONG_HISTORY).awaitReady(START);
        killDuringAStreamAndResume();
    }

    @Test
    void onPostgresThroughTheServersDataSourceAKillLosesNothingAcknowledged() throws Exception {
        postgres = PostgresServer.start();
        Path postBoot = Path.of(System.getProperty("project.build.directory", "target"), "durability-postboot.asadmin");
        Files.writeString(postBoot, String.join("\n",
                "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource"
                        + " --restype javax.sql.DataSource --isconnectvalidatereq true --validationmethod auto-commit"
                        + " --failconnection true --property user=postgres:password=trusted:serverName=127.0.0.1:portNumber="
                        + postgres.port() + ":databaseName=postgres switchboard-pool",
                "create-jdbc-resource --connectionpoolid switchboard-pool jdbc/switchboard", ""));
        String driver = new File(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).getAbsolutePath();
        server = MicroServer.alone("durability-postgres-jndi",
                List.of("--addlibs", driver, "--postbootcommandfile", postBoot.toString()),
                with(LONG_HISTORY, "-Dswitchboard.store.datasource=jdbc/switchboard")).awaitReady(START);
        killDuringAStreamAndResume();
    }

    @Test
    void aGracefulRestartKeepsEachTopicWithItsEpochOffsetsAndRetentionInTheDatabaseToo() throws Exception {
        Path data = Path.of(System.getProperty("project.build.directory", "target"),
                "durability-restart-" + System.nanoTime()).toAbsolutePath();
        server = MicroServer.alone("durability-restart", "-Dswitchboard.data-dir=" + data,
                "-Dswitchboard.topics.\"public.short\".history-size=3",
                "-Dswitchboard.topics.\"public.brief.*\".history-ttl-seconds=2").awaitReady(START);
        String epoch = null;
        for (int i = 1; i <= 10; i++) {
            epoch = published(server.base(), "public.kept", i).getString("epoch");
            published(server.base(), "public.short", i);
        }
        published(server.base(), "public.brief.one", 1);
        assertTrue(server.stop(Duration.ofSeconds(60)));
        Thread.sleep(2_500);
        server.restart().awaitReady(START);

        Http http = Http.anonymous(server.base());
        JsonObject kept = Http.object(http.get("api/topics/public.kept/messages"));
        assertEquals(epoch, kept.getString("epoch"));
        assertTrue(kept.getBoolean("recovered"));
        assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), offsets(kept));
        JsonObject next = published(server.base(), "public.kept", 11);
        assertEquals(11, next.getInt("offset"));
        assertEquals(epoch, next.getString("epoch"));
        assertEquals(List.of(8L, 9L, 10L), offsets(Http.object(http.get("api/topics/public.short/messages"))),
                "public.short retains 3 messages");
        assertEquals(List.of(), offsets(Http.object(http.get("api/topics/public.brief.one/messages"))),
                "public.brief.* retains a message for 2 seconds, restarts included");

        Thread.sleep(2_500); // a sweep or two: the trims reach the database
        assertTrue(server.stop(Duration.ofSeconds(60)));
        assertEquals(3, storedMessages(data, "public.short"), "the database keeps what the topic retains");
        assertEquals(0, storedMessages(data, "public.brief.one"));
    }

    @Test
    void whileTheDatabaseIsDownPublishesAreRefusedAndTheHubRecoversByItself() throws Exception {
        postgres = PostgresServer.start();
        server = MicroServer.alone("durability-outage", with(LONG_HISTORY,
                "-Dswitchboard.store.url=" + postgres.jdbcUrl(), "-Dswitchboard.store.user=" + postgres.user(),
                "-Dswitchboard.topics.\"public.memory.>\".durable=false")).awaitReady(START);
        URI base = server.base();
        Http http = Http.anonymous(base);
        SwitchboardClient subscriber = client(base);
        Recording<JsonValue> stream = Recording.of(subscriber, "public.stream", JsonValue.class);
        Recording<JsonValue> memoryFeed = Recording.of(subscriber, "public.memory.feed", JsonValue.class);

        RestPublishers publishers = new RestPublishers(base, "public.stream", 2);
        try (publishers) {
            eventually(() -> publishers.acked.size() >= 50, "publishing is under way");
            postgres.stop();
            eventually(() -> publishers.refused.get() > 0, "publishes are refused while the database is down");
            HttpResponse<String> refused = http.post("api/topics/public.stream/messages", "{\"n\":-1}");
            assertEquals(503, refused.statusCode());
            assertEquals("unavailable", Http.object(refused).getString("code"));
            HttpResponse<String> health = http.get("health/ready");
            assertEquals(503, health.statusCode());
            assertTrue(health.body().contains("history store"), health.body());
            assertEquals(201, http.post("api/topics/public.memory.feed/messages", "{\"live\":true}").statusCode(),
                    "topics in memory go on");

            postgres.resume();
            int ackedBefore = publishers.acked.size();
            eventually(() -> publishers.acked.size() > ackedBefore + 50, "publishes are accepted again");
            assertEquals(200, http.get("health/ready").statusCode());
        }
        // Publishers closed: every answer is in. Subscribers got exactly what was acknowledged, in order.
        long last = lastAcked(base);
        List<Long> delivered = stream.awaitNextReceived((int) last, Duration.ofSeconds(30)).stream()
                .map(received -> received.message().offset()).toList();
        memoryFeed.awaitNext(Duration.ofSeconds(10));
        assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), delivered, "in order, without gaps");
        assertEquals(List.copyOf(publishers.acked.keySet()), delivered, "exactly what was acknowledged");
        subscriber.close();
    }

    /** Publishes over REST and WebSocket, kills the server with acknowledgements arriving, restarts, and resumes. */
    private void killDuringAStreamAndResume() throws Exception {
        URI base = server.base();
        NavigableMap<Long, String> acked;
        Map<Long, String> wsAcked = new ConcurrentHashMap<>();
        try (RestPublishers publishers = new RestPublishers(base, "public.stream", 3);
             SwitchboardClient wsPublisher = client(base)) {
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread frames = new Thread(() -> {
                for (int i = 0; sending.get(); i++) {
                    // pipelined, as a busy client publishes: no waiting for each ack
                    wsPublisher.publish("public.stream", Map.of("ws", i))
                            .thenAccept(ack -> wsAcked.put(ack.offset(), ack.epoch()));
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            frames.start();
            eventually(() -> publishers.acked.size() >= 300, "publishing is under way");
            server.kill();
            sending.set(false);
            frames.join();
            acked = publishers.stop();
        } // the WebSocket publisher is closed before the restart: nothing it still held goes out after it
        acked.putAll(wsAcked);
        assertEquals(1, acked.values().stream().distinct().count(), "one epoch: " + acked.values());
        String epoch = acked.firstEntry().getValue();
        long last = acked.lastKey();

        server.restart().awaitReady(START);
        try (SwitchboardClient resumed = client(base)) {
            Recording<JsonValue> replay = Recording.of(resumed, "public.stream", JsonValue.class,
                    SubscribeOptions.since(0, epoch));
            ServerFrame.Ack ack = replay.ack();
            assertEquals(Boolean.TRUE, ack.recovered(), ack.toString());
            assertEquals(epoch, ack.epoch());
            long stored = ack.offset();
            assertTrue(stored >= last, "the restarted topic ends at " + stored + ", before acknowledged " + last);
            List<Long> replayed = replay.awaitNextReceived((int) stored, Duration.ofSeconds(30)).stream()
                    .map(received -> received.message().offset()).toList();
            assertEquals(LongStream.rangeClosed(1, stored).boxed().toList(), replayed,
                    "every acknowledged message, in order, without gaps");
        }
    }

    private static SwitchboardClient client(URI base) {
        SwitchboardClient client = SwitchboardClient.connect(WsClient.wsUri(base));
        await(client.connected());
        return client;
    }

    private static String[] with(String[] options, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(options), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }

    private static JsonObject published(URI base, String topic, int n) {
        HttpResponse<String> response = Http.anonymous(base).post("api/topics/" + topic + "/messages", "{\"n\":" + n + "}");
        assertEquals(201, response.statusCode(), response.body());
        return Http.object(response);
    }

    private static long lastAcked(URI base) {
        JsonObject history = Http.object(Http.anonymous(base).get("api/topics/public.stream/messages?limit=1"));
        List<Long> offsets = offsets(history);
        return offsets.get(offsets.size() - 1);
    }

    private static List<Long> offsets(JsonObject history) {
        return history.getJsonArray("messages").stream()
                .map(m -> m.asJsonObject().getJsonNumber("offset").longValue()).toList();
    }

    /** Reads the embedded database of a stopped server. */
    private static int storedMessages(Path dataDir, String topic) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("switchboard"));
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*) FROM switchboard_message WHERE topic = '" + topic + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
