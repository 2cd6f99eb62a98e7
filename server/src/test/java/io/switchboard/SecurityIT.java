package io.switchboard;

import io.switchboard.testing.Frames;
import io.switchboard.testing.Deployments;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tokens, permissions and Origin checks at the WebSocket handshake and after it. */
@ExtendWith(ArquillianExtension.class)
class SecurityIT {

    private static final String ALLOWED_ORIGIN = "https://app.example.com";

    @Deployment(testable = false)
    static WebArchive deployment() {
        // one second of clock skew, so that a token's expiry ends its session within the test's patience
        return Deployments.switchboard("switchboard.allowed-origins=" + ALLOWED_ORIGIN + "\n"
                + "switchboard.jwt.clock-skew-seconds=1\n");
    }

    @ArquillianResource
    URL url;

    private URI base() {
        return Deployments.loopback(url);
    }

    @Test
    void aValidTokenNamesTheUserInTheWelcome() throws Exception {
        try (WsClient client = WsClient.connect(base(), TestTokens.user("ann", List.of(), List.of()))) {
            assertEquals("ann", client.next("welcome").getString("user"));
        }
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefusedWith401() throws Exception {
        String forged = TestTokens.mint("eve", List.of(">"), List.of(">"), true, Duration.ofHours(1),
                "some-other-secret-0123456789abcdef0123");
        assertEquals(401, WsClient.refusedStatus(base(), "?token=" + forged, Map.of()));
    }

    @Test
    void anExpiredTokenIsRefusedWith401OnceTheClockSkewHasPassed() throws Exception {
        String expired = TestTokens.mint("old", List.of(), List.of(), false, Duration.ofSeconds(-90), TestTokens.SECRET);
        assertEquals(401, WsClient.refusedStatus(base(), "?token=" + expired, Map.of()));
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefusedWith401() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"eve\",\"admin\":true,\"exp\":" + (System.currentTimeMillis() / 1000 + 3600) + "}")
                .getBytes(StandardCharsets.UTF_8)) + ".";
        assertEquals(401, WsClient.refusedStatus(base(), "?token=" + none, Map.of()));
    }

    @Test
    void aForeignBrowserOriginIsRefusedWith403() throws Exception {
        assertEquals(403, WsClient.refusedStatus(base(), "", Map.of("Origin", "https://evil.example.net")));
    }

    @Test
    void theServersOwnOriginIsAllowed() throws Exception {
        String own = "http://" + base().getHost() + ":" + base().getPort();
        try (WsClient client = WsClient.connect(base(), null, Map.of("Origin", own), true)) {
            assertEquals("welcome", client.next().getString("type"));
        }
    }

    @Test
    void anAllowListedOriginIsAllowed() throws Exception {
        try (WsClient client = WsClient.connect(base(), null, Map.of("Origin", ALLOWED_ORIGIN), true)) {
            assertEquals("welcome", client.next().getString("type"));
        }
    }

    @Test
    void usersMaySubscribeOnlyWhereTheirTokenAllows() throws Exception {
        String token = TestTokens.user("ann", List.of("orders.eu.*"), List.of());
        try (WsClient client = WsClient.connect(base(), token)) {
            client.next("welcome");
            assertEquals("ack", client.request(subscribe("orders.eu.created")).getString("type"));
            assertEquals("ack", client.request(subscribe("orders.*.created")).getString("type"));
            JsonObject refused = client.request(subscribe("orders.us.created"));
            assertEquals("forbidden", refused.getString("code"));
        }
    }

    @Test
    void usersMayPublishOnlyWhereTheirTokenAllows() throws Exception {
        String token = TestTokens.user("bob", List.of(), List.of("orders.>"));
        try (WsClient client = WsClient.connect(base(), token)) {
            client.next("welcome");
            assertEquals("ack", client.request(publish("orders.eu.created")).getString("type"));
            assertEquals("forbidden", client.request(publish("billing.x")).getString("code"));
        }
    }

    @Test
    void aTokenThatExpiresDuringTheSessionEndsItWith1008() throws Exception {
        String shortLived = TestTokens.mint("brief", List.of(), List.of(), false, Duration.ofSeconds(2), TestTokens.SECRET);
        try (WsClient client = WsClient.connect(base(), shortLived)) {
            client.next("welcome");
            WsClient.Closed closed = client.awaitClose();
            assertEquals(1008, closed.code());
            assertEquals("token expired", closed.reason());
        }
    }

    @Test
    void adminsMintScopedTokensThatWorkOnTheWebSocket() throws Exception {
        io.switchboard.testing.Http admin = new io.switchboard.testing.Http(base(), TestTokens.admin());
        java.net.http.HttpResponse<String> minted = admin.post("api/tokens",
                "{\"sub\":\"svc\",\"subscribe\":[\"orders.>\"],\"publish\":[],\"lifetimeSeconds\":600}");
        assertEquals(201, minted.statusCode(), minted.body());
        String token = io.switchboard.testing.Http.object(minted).getString("token");
        try (WsClient client = WsClient.connect(base(), token)) {
            assertEquals("svc", client.next("welcome").getString("user"));
            assertEquals("ack", client.request(subscribe("orders.eu")).getString("type"));
            assertEquals("forbidden", client.request(publish("orders.eu")).getString("code"));
        }
    }

    @Test
    void onlyAdminsMintTokens() throws Exception {
        io.switchboard.testing.Http http = io.switchboard.testing.Http.anonymous(base());
        assertEquals(401, http.post("api/tokens", "{\"sub\":\"x\"}").statusCode());
        assertEquals(403, http.as(TestTokens.user("ann", List.of(">"), List.of(">")))
                .post("api/tokens", "{\"sub\":\"x\"}").statusCode());
        assertEquals(400, http.as(TestTokens.admin()).post("api/tokens", "{\"subscribe\":[]}").statusCode());
    }

    private static String subscribe(String topic) {
        return Frames.subscribe("s", topic);
    }

    private static String publish(String topic) {
        return Frames.publish("p", topic, 1);
    }
}
