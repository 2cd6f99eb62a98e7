package io.switchboard.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.testing.TestConfig;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens of an identity provider (RS256, ES256) verified against the keys it publishes as a JWKS, which the test
 * itself serves over HTTP: rotation, unknown keys, issuer and audience, and permissions mapped from roles.
 */
class ProviderTokensTest {

    private static final String SECRET = "unit-test-secret-0123456789abcdef-xyz";
    private static final String ISSUER = "https://idp.test/realms/acme";

    private final RSAKey rsa = rsa("rsa-1");
    private final ECKey ec = ec("ec-1");
    private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(List.of(rsa.toPublicJWK(),
            ec.toPublicJWK())));
    private final AtomicInteger fetches = new AtomicInteger();
    private final HttpServer idp = serve();
    private final List<String> settings = new ArrayList<>(List.of("switchboard.jwt.secret", SECRET,
            "switchboard.jwt.jwks-url", "http://127.0.0.1:" + idp.getAddress().getPort() + "/certs",
            "switchboard.jwt.issuer", ISSUER, "switchboard.jwt.audience", "switchboard"));

    @AfterEach
    void stopProvider() {
        idp.stop(0);
    }

    private HttpServer serve() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/certs", exchange -> {
                fetches.incrementAndGet();
                byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private TokenService tokens(String... more) {
        List<String> all = new ArrayList<>(settings);
        all.addAll(List.of(more));
        return new TokenService(TestConfig.of(all.toArray(String[]::new)), java.time.Clock.systemUTC());
    }

    private static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("ann").issuer(ISSUER).audience("switchboard")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
    }

    private static String sign(JWK key, JWTClaimsSet claims) throws Exception {
        JWSAlgorithm algorithm = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
        JWSSigner signer = key instanceof RSAKey rsaKey ? new RSASSASigner(rsaKey) : new ECDSASigner((ECKey) key);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT)
                .build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static ErrorCode refusal(TokenService tokens, String token) {
        return assertThrows(SwitchboardException.class, () -> tokens.authenticate(token)).code();
    }

    @Test
    void rs256AndEs256TokensSignedByThePublishedKeysAreAcceptedAndHs256StillIs() throws Exception {
        TokenService tokens = tokens();
        JWTClaimsSet claims = claims().claim("subscribe", List.of("orders.>")).build();
        assertTrue(tokens.authenticate(sign(rsa, claims)).canRead(TopicName.of("orders.eu")));
        assertTrue(tokens.authenticate(sign(ec, claims)).canRead(TopicName.of("orders.eu")));
        assertEquals("root", tokens.authenticate(tokens.mint("root", List.of(), List.of(), true,
                Duration.ofMinutes(5), null).token()).user(), "the secret's own tokens too");
        assertEquals(1, fetches.get(), "the keys were fetched once and cached");
    }

    @Test
    void aTokenSignedByAKeyTheProviderDoesNotPublishIsRefused() throws Exception {
        TokenService tokens = tokens();
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(tokens, sign(rsa("forged"), claims().build())));
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(rsa.getKeyID()).generate(); // a known kid, another key
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(tokens, sign(impostor, claims().build())));
    }

    @Test
    void anHs256TokenSignedWithThePublicKeyGetsNowhere() throws Exception {
        // algorithm confusion: the public key's bytes as an HMAC secret
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.getKeyID()).build(),
                claims().build());
        jwt.sign(new MACSigner(rsa.toPublicJWK().toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(tokens(), jwt.serialize()));
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenFirstNamesIt() throws Exception {
        ProviderKeys keys = new ProviderKeys(URI.create(settings.get(3)), Duration.ofMinutes(5), Duration.ofMillis(1),
                new com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier<>(new JWTClaimsSet.Builder().build(), java.util.Set.of()));
        assertEquals("ann", keys.verify(SignedJWT.parse(sign(rsa, claims().build()))).getSubject());
        RSAKey next = rsa("rsa-2");
        published.set(new JWKSet(List.of(next.toPublicJWK()))); // the provider rotates
        assertEquals("ann", keys.verify(SignedJWT.parse(sign(next, claims().build()))).getSubject());
        assertEquals(2, fetches.get(), "the unknown key id made the keys be fetched again");
    }

    @Test
    void aWrongIssuerOrAudienceIsRefused() throws Exception {
        TokenService tokens = tokens();
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(tokens, sign(rsa, claims().issuer("https://evil.test").build())));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(tokens, sign(rsa, claims().audience("another-app").build())));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(tokens, sign(rsa, claims().expirationTime(
                Date.from(Instant.now().minusSeconds(3600))).build())), "expired");
    }

    @Test
    void rolesAndScopesGrantTopicPatternsForProvidersWithoutSwitchboardsClaims() throws Exception {
        TokenService keycloak = tokens("switchboard.jwt.roles-claim", "realm_access.roles",
                "switchboard.jwt.roles.\"orders-reader\".subscribe", "orders.>, public.>",
                "switchboard.jwt.roles.\"orders-writer\".publish", "orders.>",
                "switchboard.jwt.roles.\"hub-admin\".admin", "true");
        Identity reader = keycloak.authenticate(sign(rsa, claims()
                .claim("realm_access", Map.of("roles", List.of("orders-reader", "offline_access"))).build()));
        assertEquals(List.of(TopicPattern.of("orders.>"), TopicPattern.of("public.>")), reader.subscribe());
        assertEquals(List.of(), reader.publish());
        assertFalse(reader.admin());
        assertTrue(keycloak.authenticate(sign(ec, claims().claim("realm_access", Map.of("roles",
                List.of("hub-admin"))).build())).admin());

        TokenService auth0 = tokens("switchboard.jwt.roles-claim", "scope",
                "switchboard.jwt.roles.\"orders:write\".publish", "orders.>",
                "switchboard.jwt.subscribe-claim", "https://acme.test/topics");
        Identity writer = auth0.authenticate(sign(rsa, claims().claim("scope", "openid orders:write")
                .claim("https://acme.test/topics", List.of("news.>")).build()));
        assertEquals(List.of(TopicPattern.of("orders.>")), writer.publish());
        assertEquals(List.of(TopicPattern.of("news.>")), writer.subscribe(), "a renamed claim");
    }

    @Test
    void rolesWithoutARolesClaimAreAConfigurationError() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> TestConfig.of("switchboard.jwt.roles.\"x\".subscribe", "a.>"));
        assertTrue(wrong.getMessage().contains("switchboard.jwt.roles-claim"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TestConfig.of("switchboard.jwt.roles-claim", "r",
                "switchboard.jwt.roles.\"x\".read", "a.>"));
    }
}
