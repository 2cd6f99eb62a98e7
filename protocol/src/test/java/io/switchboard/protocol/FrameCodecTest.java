package io.switchboard.protocol;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameCodecTest {

    private final FrameCodec codec = new FrameCodec();

    private ClientFrame.Malformed malformed(String text) {
        return assertInstanceOf(ClientFrame.Malformed.class, codec.decode(text));
    }

    @Test
    void decodesASubscribeWithSinceAndPresence() {
        ClientFrame frame = codec.decode("{\"type\":\"subscribe\",\"id\":\"1\",\"topic\":\"a.b\","
                + "\"since\":{\"offset\":7,\"epoch\":\"e\"},\"presence\":true,\"extra\":\"ignored\"}");
        assertEquals(new ClientFrame.Subscribe("1", "a.b", new ClientFrame.Since(7, "e"), true), frame);
    }

    @Test
    void decodesEveryClientType() {
        assertInstanceOf(ClientFrame.Unsubscribe.class, codec.decode("{\"type\":\"unsubscribe\",\"topic\":\"a\"}"));
        assertInstanceOf(ClientFrame.Publish.class, codec.decode("{\"type\":\"publish\",\"topic\":\"a\",\"data\":null}"));
        assertEquals(new ClientFrame.History("h", "a", null, 3), codec.decode("{\"type\":\"history\",\"id\":\"h\",\"topic\":\"a\",\"limit\":3}"));
        assertInstanceOf(ClientFrame.Presence.class, codec.decode("{\"type\":\"presence\",\"topic\":\"a\"}"));
        assertEquals(new ClientFrame.Ping(null), codec.decode("{\"type\":\"ping\"}"));
    }

    @Test
    void publishKeepsAnyJsonData() {
        ClientFrame.Publish publish = (ClientFrame.Publish) codec.decode("{\"type\":\"publish\",\"topic\":\"a\",\"data\":[1,{\"b\":true}]}");
        assertEquals("[1,{\"b\":true}]", publish.data().toString());
    }

    @Test
    void invalidJsonIsBadJson() {
        assertEquals(ErrorCode.BAD_JSON, malformed("{\"type\":").code());
        assertEquals(ErrorCode.BAD_JSON, malformed("").code());
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutBlowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertEquals(ErrorCode.BAD_JSON, malformed(deep).code());
        String deepData = "{\"type\":\"publish\",\"topic\":\"a\",\"data\":" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_001);
        assertEquals(ErrorCode.BAD_JSON, malformed(deepData).code());
    }

    @Test
    void nonObjectsAreBadRequests() {
        assertEquals(ErrorCode.BAD_REQUEST, malformed("[1]").code());
        assertEquals(ErrorCode.BAD_REQUEST, malformed("\"subscribe\"").code());
    }

    @Test
    void unknownTypesAreNamed() {
        ClientFrame.Malformed frame = malformed("{\"type\":\"fly\",\"id\":\"9\"}");
        assertEquals(ErrorCode.UNKNOWN_TYPE, frame.code());
        assertEquals("9", frame.id());
        assertTrue(frame.message().contains("fly"));
    }

    @Test
    void wrongFieldTypesAreBadRequestsThatKeepTheId() {
        for (String frame : List.of(
                "{\"type\":\"subscribe\",\"id\":\"x\",\"topic\":1}",
                "{\"type\":\"subscribe\",\"id\":\"x\",\"topic\":\"a\",\"presence\":\"yes\"}",
                "{\"type\":\"subscribe\",\"id\":\"x\",\"topic\":\"a\",\"since\":5}",
                "{\"type\":\"subscribe\",\"id\":\"x\",\"topic\":\"a\",\"since\":{\"offset\":-1,\"epoch\":\"e\"}}",
                "{\"type\":\"subscribe\",\"id\":\"x\",\"topic\":\"a\",\"since\":{\"offset\":1.5,\"epoch\":\"e\"}}",
                "{\"type\":\"subscribe\",\"id\":\"x\",\"topic\":\"a\",\"since\":{\"offset\":1e999,\"epoch\":\"e\"}}",
                "{\"type\":\"subscribe\",\"id\":\"x\",\"topic\":\"a\",\"since\":{\"offset\":1}}",
                "{\"type\":\"history\",\"id\":\"x\",\"topic\":\"a\",\"limit\":0}",
                "{\"type\":\"publish\",\"id\":\"x\",\"topic\":\"a\"}",
                "{\"type\":7,\"id\":\"x\"}")) {
            ClientFrame.Malformed malformed = malformed(frame);
            assertEquals(ErrorCode.BAD_REQUEST, malformed.code(), frame);
            assertEquals("x", malformed.id(), frame);
        }
    }

    @Test
    void aNonStringIdIsABadRequestWithoutId() {
        ClientFrame.Malformed frame = malformed("{\"type\":\"ping\",\"id\":5}");
        assertEquals(ErrorCode.BAD_REQUEST, frame.code());
        assertNull(frame.id());
    }

    @Test
    void serverFramesStartWithTheirType() {
        String ack = codec.encode(new ServerFrame.Ack("1", "a", 3L, "e", true));
        assertEquals("{\"type\":\"ack\",\"id\":\"1\",\"topic\":\"a\",\"offset\":3,\"epoch\":\"e\",\"recovered\":true}", ack);
    }

    @Test
    void absentOptionalFieldsAreLeftOut() {
        assertEquals("{\"type\":\"ack\",\"topic\":\"a\"}", codec.encode(ServerFrame.Ack.of(null, "a")));
        assertEquals("{\"type\":\"pong\"}", codec.encode(new ServerFrame.Pong(null)));
    }

    @Test
    void anAnonymousUserIsWrittenAsNull() {
        String welcome = codec.encode(new ServerFrame.Welcome("s", null, new ServerFrame.Welcome.Server("n", "v"), 25,
                new ServerFrame.Welcome.Limits(1, 2, 3), new ServerFrame.Welcome.Handshake(
                new ServerFrame.Welcome.Request("GET", "/ws", Map.of()), new ServerFrame.Welcome.Response(101, Map.of()))));
        assertTrue(welcome.contains("\"user\":null"));
        assertTrue(welcome.startsWith("{\"type\":\"welcome\""));
    }

    @Test
    void messagesCarryIsoUtcTimeAndNullData() {
        String message = codec.encode(new ServerFrame.Message("a", 1, "e", Instant.parse("2026-01-02T03:04:05.678Z"), JsonValue.NULL));
        assertTrue(message.contains("\"time\":\"2026-01-02T03:04:05.678Z\""), message);
        assertTrue(message.contains("\"data\":null"), message);
    }

    @Test
    void unpairedSurrogatesAreWrittenEscapedSoTheFrameStaysEncodable() {
        ClientFrame.Publish publish = (ClientFrame.Publish) codec.decode(
                "{\"type\":\"publish\",\"topic\":\"a\",\"data\":\"x\\ud800y\\udc00\"}");
        String frame = codec.encode(new ServerFrame.Message("a", 1, "e", Instant.EPOCH, publish.data()));
        assertTrue(frame.contains("\"data\":\"x\\ud800y\\udc00\""), frame);
        assertTrue(java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(frame));
        assertEquals(publish.data(), Json.createReader(new java.io.StringReader(frame)).readObject().get("data"));
    }

    @Test
    void pairedSurrogatesAreLeftAlone() {
        String emoji = "{\"t\":\"\uD83D\uDE00\"}";
        assertEquals(emoji, FrameCodec.escapeUnpairedSurrogates(emoji));
    }

    public record Order(String id, int amount) {
    }

    @Test
    void serverObjectsBecomeJsonValues() {
        assertEquals(Json.createObjectBuilder().add("amount", 3).add("id", "o1").build(), codec.toJsonValue(new Order("o1", 3)));
        assertFalse(codec.toJsonValue(List.of(1, 2)).toString().isEmpty());
    }

    @Test
    void idsAndEpochsAreLengthLimited() {
        FrameCodec codec = new FrameCodec();
        ClientFrame longId = codec.decode("{\"type\":\"ping\",\"id\":\"" + "i".repeat(FrameCodec.MAX_ID_CHARS + 1) + "\"}");
        assertEquals(ErrorCode.BAD_REQUEST, ((ClientFrame.Malformed) longId).code());
        ClientFrame longEpoch = codec.decode("{\"type\":\"subscribe\",\"id\":\"1\",\"topic\":\"a\",\"since\":{\"offset\":1,"
                + "\"epoch\":\"" + "e".repeat(FrameCodec.MAX_EPOCH_CHARS + 1) + "\"}}");
        assertEquals("1", longEpoch.id(), "the id was readable");
        assertEquals(ErrorCode.BAD_REQUEST, ((ClientFrame.Malformed) longEpoch).code());
    }

    @Test
    void aMistypedOffsetIsNamedInTheAnswer() {
        ClientFrame frame = new FrameCodec().decode("{\"type\":\"history\",\"id\":\"1\",\"topic\":\"a\",\"since\":{\"offset\":\"x\",\"epoch\":\"e\"}}");
        assertTrue(((ClientFrame.Malformed) frame).message().contains("'since.offset'"));
    }

    @Test
    void whatAClientSendsTheServerReadsBackUnchanged() {
        ClientFrame.Since since = new ClientFrame.Since(7, "e1");
        for (ClientFrame frame : List.of(new ClientFrame.Subscribe("1", "a.b", since, true),
                new ClientFrame.Subscribe("2", "a.>", null, false), new ClientFrame.Unsubscribe("3", "a.b"),
                new ClientFrame.Publish("4", "a.b", Json.createValue(42)),
                new ClientFrame.Publish(null, "a.b", JsonValue.NULL),
                new ClientFrame.History("5", "a.b", since, 10), new ClientFrame.History("6", "a.b", null, null),
                new ClientFrame.Presence("7", "a.b"), new ClientFrame.Ping(null),
                new ClientFrame.Refresh("8", "header.claims.signature"))) {
            assertEquals(frame, codec.decode(codec.encode(frame)), () -> codec.encode(frame));
        }
    }

    @Test
    void whatTheServerSendsAClientReadsBackUnchanged() {
        Instant time = Instant.parse("2026-11-26T09:40:00.123Z");
        ServerFrame.Message message = new ServerFrame.Message("a.b", 3, "e1", time, Json.createValue("text"));
        ServerFrame.Welcome welcome = new ServerFrame.Welcome("s1", null, new ServerFrame.Welcome.Server("sb", "1"), 25,
                new ServerFrame.Welcome.Limits(65536, 100, 100), new ServerFrame.Welcome.Handshake(
                new ServerFrame.Welcome.Request("GET", "/ws", Map.of("Host", "x")),
                new ServerFrame.Welcome.Response(101, Map.of("Upgrade", "websocket"))));
        for (ServerFrame frame : List.of(welcome, message,
                new ServerFrame.Message("a.b", 4, "e1", time, JsonValue.NULL),
                new ServerFrame.Message("a.b", 5, "e1", time, Json.createObjectBuilder().add("n", 1).build()),
                ServerFrame.Ack.of("1", "a.>"), new ServerFrame.Ack("2", "a.b", 3L, "e1", false),
                ServerFrame.Ack.of("r", null), new ServerFrame.Expiring(time),
                new ServerFrame.Unsubscribed("a.b", "forbidden", "no longer"),
                new ServerFrame.History("3", "a.b", "e1", true, List.of(message),
                        new ServerFrame.History.Cursor(3, "e1")),
                new ServerFrame.History("4", "x.y", null, true, List.of(), null),
                new ServerFrame.Presence("5", "a.b", 1, List.of(new ServerFrame.Presence.Client("s2", null))),
                new ServerFrame.Join("a.b", "s2", "alice"), new ServerFrame.Leave("a.b", "s2", null),
                new ServerFrame.Pong(null), new ServerFrame.ErrorFrame("6", "forbidden", "No."))) {
            assertEquals(frame, codec.decodeServerFrame(codec.encode(frame)), () -> codec.encode(frame));
        }
    }

    @Test
    void aFramesPositionIsReadFromItsHeadWithoutItsData() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(new FramePosition("message", "a.b", 7, "e1", null), codec.peekPosition(codec.encode(
                new ServerFrame.Message("a.b", 7, "e1", now, Json.createArrayBuilder().add(1).build()))));
        assertEquals(new FramePosition("message", "a.b", 7, "e1", null), codec.peekPosition(
                "{\"type\":\"message\",\"topic\":\"a.b\",\"offset\":7,\"epoch\":\"e1\",\"data\":[not json"),
                "the data is never read");
        assertEquals(new FramePosition("ack", "a.b", 3, "e1", true),
                codec.peekPosition(codec.encode(new ServerFrame.Ack("1", "a.b", 3L, "e1", true))));
        assertEquals(new FramePosition("ack", "a.b", 3, "e1", null),
                codec.peekPosition(codec.encode(new ServerFrame.Ack("1", "a.b", 3L, "e1", null))));
        assertNull(codec.peekPosition(codec.encode(new ServerFrame.Ack("1", "a.*", null, null, null))), "a wildcard's");
        assertNull(codec.peekPosition(codec.encode(new ServerFrame.Pong("p"))));
        assertNull(codec.peekPosition("not json"));
    }

    @Test
    void aServerFrameAClientCannotReadIsBadJson() {
        for (String text : List.of("[1]", "{\"type\":\"news\"}", "{\"type\":\"ack\",\"offset\":\"x\"}",
                "{\"type\":\"message\",\"topic\":\"a\","
                + "\"offset\":1,\"epoch\":\"e\",\"time\":\"yesterday\"}")) {
            SwitchboardException refused = assertThrows(SwitchboardException.class,
                    () -> codec.decodeServerFrame(text), text);
            assertEquals(ErrorCode.BAD_JSON, refused.code());
        }
    }

    @Test
    void aRefreshNeedsATokenOfAtMostTheLongestATokenMayBe() {
        assertEquals(new ClientFrame.Refresh("1", "t"), codec.decode("{\"type\":\"refresh\",\"id\":\"1\",\"token\":\"t\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, malformed("{\"type\":\"refresh\",\"id\":\"1\"}").code());
        ClientFrame.Malformed tooLong = malformed("{\"type\":\"refresh\",\"id\":\"2\",\"token\":\""
                + "t".repeat(FrameCodec.MAX_TOKEN_CHARS + 1) + "\"}");
        assertEquals("2", tooLong.id());
        assertTrue(tooLong.message().contains("'token'"), tooLong.message());
    }
}
