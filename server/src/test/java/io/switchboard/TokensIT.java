package io.switchboard;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Frames;
import io.switchboard.testing.Http;
import io.switchboard.testing.IdentityProvider;
import io.switchboard.testing.TestTokens;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens beyond the handshake's check (SecurityIT's), on every server. A session outlives its token when the client
 * sends a newer one ({@code refresh}): the session, its queue and the subscriptions the new token allows go on;
 * what it no longer allows ends with {@code unsubscribed}; a session is warned ({@code expiring}) before its token
 * runs out. And an identity provider's tokens: the server fetches the provider's keys (the test serves them) from
 * inside its container, takes RS256 and ES256 tokens with permissions mapped from roles, and refuses a token of an
 * unknown key before the upgrade.
 */
@ExtendWith(ArquillianExtension.class)
class TokensIT {

    /** Up before the deployment is made, which needs its address. */
    static final IdentityProvider IDP = IdentityProvider.start();

    @Deployment(testable = false)
    static WebArchive deployment() {
        // no clock skew, so that a short token's end is where the test expects it; issuer and audience, which the
        // test's HS256 tokens do not carry, are ProviderTokensTest's
        return Deployments.switchboard("""
                switchboard.jwt.clock-skew-seconds=0
                switchboard.jwt.jwks-url=%s
                switchboard.jwt.roles-claim=realm_access.roles
                switchboard.jwt.roles."orders-reader".subscribe=orders.>
                switchboard.jwt.roles."orders-writer".publish=orders.>
                """.formatted(IDP.jwksUrl()));
    }

    @AfterAll
    static void stopProvider() {
        IDP.close();
    }

    @ArquillianResource
    URL url;

    private URI base() {
        return Deployments.loopback(url);
    }

    private static String token(String sub, List<String> subscribe, Duration lifetime) {
        return TestTokens.mint(sub, subscribe, List.of("public.>"), false, lifetime, TestTokens.SECRET);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aRefreshNarrowsAndWidensWhatTheSessionMayReadWithoutReconnecting() {
        String sub = unique("ann");
        String orders = unique("orders.");
        String news = unique("public.news");
        String secret = unique("secret.");
        WsClient admin = WsClient.connect(base(), TestTokens.admin());
        try (admin; WsClient client = WsClient.connect(base(), token(sub, List.of("public.>", "orders.>"),
                Duration.ofHours(1)))) {
            String session = client.next("welcome").getString("session");
            admin.next("welcome");
            assertEquals("ack", client.request(Frames.subscribe("s1", orders)).getString("type"));
            assertEquals("ack", client.request(Frames.subscribeWithPresence("s2", news)).getString("type"));

            client.send(Frames.refresh("r1", token(sub, List.of("public.>"), Duration.ofHours(1))));
            JsonObject ended = client.next("unsubscribed");
            assertEquals(orders, ended.getString("topic"));
            assertEquals("forbidden", ended.getString("code"));
            assertEquals("r1", client.next("ack").getString("id"));

            assertEquals("ack", admin.request(Frames.publish("p1", orders, 1)).getString("type"));
            assertEquals("ack", admin.request(Frames.publish("p2", news, 2)).getString("type"));
            JsonObject delivered = client.next("message");
            assertEquals(news, delivered.getString("topic"), "nothing of the revoked subscription arrives");
            assertEquals("forbidden", client.request(Frames.subscribe("s3", secret)).getString("code"));

            assertEquals("ack", client.request(Frames.refresh("r2", token(sub, List.of(">"), Duration.ofHours(1))))
                    .getString("type"));
            assertEquals("ack", client.request(Frames.subscribe("s4", secret)).getString("type"), "widened");
            assertEquals("ack", admin.request(Frames.publish("p3", secret, 3)).getString("type"));
            assertEquals(secret, client.next("message").getString("topic"));
            JsonObject presence = admin.request(Frames.presence("who", news));
            assertTrue(presence.toString().contains(session), "the same session throughout: " + presence);
        }
    }

    @Test
    void aRefreshKeepsTheSubjectAndATokenThatDoesNotVerifyChangesNothing() {
        String sub = unique("bob");
        try (WsClient client = WsClient.connect(base(), token(sub, List.of("public.>"), Duration.ofHours(1)))) {
            client.next("welcome");
            JsonObject other = client.request(Frames.refresh("r1", token(unique("eve"), List.of(">"), Duration.ofHours(1))));
            assertEquals("forbidden", other.getString("code"));
            assertEquals("r1", other.getString("id"));
            assertEquals("unauthorized", client.request(Frames.refresh("r2", "not.a.token")).getString("code"));
            String expired = token(sub, List.of(">"), Duration.ofSeconds(-5));
            assertEquals("unauthorized", client.request(Frames.refresh("r3", expired)).getString("code"));
            assertEquals("forbidden", client.request(Frames.subscribe("s", unique("secret."))).getString("code"),
                    "still the first token's permissions");
            assertEquals("pong", client.request(Frames.ping("still")).getString("type"));
        }
        try (WsClient anonymous = WsClient.connect(base())) {
            anonymous.next("welcome");
            assertEquals("bad_request", anonymous.request(Frames.refresh("r", token(unique("x"), List.of(),
                    Duration.ofHours(1)))).getString("code"));
        }
    }

    @Test
    void aSessionIsWarnedBeforeItsTokenExpiresAndARefreshKeepsItGoingPastIt() throws Exception {
        String sub = unique("cy");
        Instant soon = Instant.now().plusSeconds(3);
        try (WsClient client = WsClient.connect(base(), token(sub, List.of("public.>"), Duration.ofSeconds(3)))) {
            client.next("welcome");
            // the warning comes a minute ahead by default: for a three-second token, at once
            JsonObject warning = client.next("expiring");
            Instant expiresAt = Instant.parse(warning.getString("expiresAt"));
            assertTrue(Math.abs(Duration.between(soon, expiresAt).toSeconds()) <= 1, warning.toString());
            assertEquals("ack", client.request(Frames.refresh("r", token(sub, List.of("public.>"),
                    Duration.ofHours(1)))).getString("type"));
            Thread.sleep(Duration.between(Instant.now(), expiresAt).plusSeconds(2).toMillis());
            assertEquals("pong", client.request(Frames.ping("after")).getString("type"), "past the first token");
        }
    }

    @Test
    void aProvidersTokensOpenSessionsWithTheirRolesPermissions() {
        String reader = IDP.sign(IdentityProvider.claims("reader")
                .claim("realm_access", Map.of("roles", List.of("orders-reader"))).build());
        String writer = IDP.signEc(IdentityProvider.claims("writer")
                .claim("realm_access", Map.of("roles", List.of("orders-writer"))).build());
        try (WsClient subscriber = WsClient.connect(base(), reader); WsClient publisher = WsClient.connect(base(), writer)) {
            assertEquals("reader", subscriber.next("welcome").getString("user"));
            assertEquals("writer", publisher.next("welcome").getString("user"));
            assertEquals("ack", subscriber.request(Frames.subscribe("s", "orders.eu")).getString("type"));
            assertEquals("forbidden", subscriber.request(Frames.publish("p", "orders.eu", 1)).getString("code"));
            assertEquals("ack", publisher.request(Frames.publish("p", "orders.eu", 2)).getString("type"));
            assertEquals(2, subscriber.next("message").getInt("data"));
        }
        assertEquals(201, new Http(base(), writer).post("api/topics/orders.us/messages", "3").statusCode(),
                "REST takes them too");
    }

    @Test
    void aTokenOfAKeyTheProviderDoesNotPublishIsRefusedBeforeTheUpgrade() {
        String forged = IdentityProvider.signWith(IdentityProvider.rsa("forged"), IdentityProvider.claims("mallory")
                .claim("realm_access", Map.of("roles", List.of("orders-writer"))).build());
        assertEquals(401, WsClient.refusedStatus(base(), "?token=" + forged, Map.of()));
        assertEquals(401, new Http(base(), forged).post("api/topics/orders.eu/messages", "1").statusCode());
    }
}
