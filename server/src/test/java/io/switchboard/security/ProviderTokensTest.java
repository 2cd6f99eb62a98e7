package io.switchboard.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.testing.IdentityProvider;
import io.switchboard.testing.TestConfig;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens of an identity provider (RS256, ES256) verified against the keys it publishes as a JWKS, which the test
 * itself serves over HTTP ({@link IdentityProvider}): rotation, unknown keys, issuer and audience, and permissions
 * mapped from roles.
 */
class ProviderTokensTest {

    private static final String SECRET = "unit-test-secret-0123456789abcdef-xyz";

    private final IdentityProvider idp = IdentityProvider.start();
    private final List<String> settings = List.of("switchboard.jwt.secret", SECRET,
            "switchboard.jwt.jwks-url", idp.jwksUrl(),
            "switchboard.jwt.issuer", IdentityProvider.ISSUER, "switchboard.jwt.audience", IdentityProvider.AUDIENCE);

    @AfterEach
    void stopProvider() {
        idp.close();
    }

    private TokenService tokens(String... more) {
        List<String> all = new ArrayList<>(settings);
        all.addAll(List.of(more));
        return new TokenService(TestConfig.of(all.toArray(String[]::new)), java.time.Clock.systemUTC());
    }

    private static JWTClaimsSet.Builder claims() {
        return IdentityProvider.claims("ann");
    }

    private static ErrorCode refusal(TokenService tokens, String token) {
        return assertThrows(SwitchboardException.class, () -> tokens.authenticate(token)).code();
    }

    @Test
    void rs256AndEs256TokensSignedByThePublishedKeysAreAcceptedAndHs256StillIs() {
        TokenService tokens = tokens();
        JWTClaimsSet claims = claims().claim("subscribe", List.of("orders.>")).build();
        assertTrue(tokens.authenticate(idp.sign(claims)).canRead(TopicName.of("orders.eu")));
        assertTrue(tokens.authenticate(idp.signEc(claims)).canRead(TopicName.of("orders.eu")));
        assertEquals("root", tokens.authenticate(tokens.mint("root", List.of(), List.of(), true,
                Duration.ofMinutes(5), null).token()).user(), "the secret's own tokens too");
        assertEquals(1, idp.fetches(), "the keys were fetched once and cached");
    }

    @Test
    void aTokenSignedByAKeyTheProviderDoesNotPublishIsRefused() {
        TokenService tokens = tokens();
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(tokens,
                IdentityProvider.signWith(IdentityProvider.rsa("forged"), claims().build())));
        RSAKey impostor = IdentityProvider.rsa(idp.rsa().getKeyID()); // a known key id, another key
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(tokens, IdentityProvider.signWith(impostor, claims().build())));
    }

    @Test
    void anHs256TokenSignedWithThePublicKeyGetsNowhere() throws Exception {
        // algorithm confusion: the public key's text as an HMAC secret
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(idp.rsa().getKeyID()).build(),
                claims().build());
        jwt.sign(new MACSigner(idp.rsa().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(tokens(), jwt.serialize()));
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenFirstNamesIt() throws Exception {
        ProviderKeys keys = new ProviderKeys(URI.create(idp.jwksUrl()), Duration.ofMinutes(5), Duration.ofMillis(1),
                new DefaultJWTClaimsVerifier<>(new JWTClaimsSet.Builder().build(), Set.of()));
        assertEquals("ann", keys.verify(SignedJWT.parse(idp.sign(claims().build()))).getSubject());
        idp.rotate();
        assertEquals("ann", keys.verify(SignedJWT.parse(idp.sign(claims().build()))).getSubject());
        assertEquals(2, idp.fetches(), "the unknown key id made the keys be fetched again");
    }

    @Test
    void aWrongIssuerOrAudienceIsRefused() {
        TokenService tokens = tokens();
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(tokens, idp.sign(claims().issuer("https://evil.test").build())));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(tokens, idp.sign(claims().audience("another-app").build())));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(tokens, idp.sign(claims().expirationTime(
                Date.from(Instant.now().minusSeconds(3600))).build())), "expired");
    }

    @Test
    void rolesAndScopesGrantTopicPatternsForProvidersWithoutSwitchboardsClaims() {
        TokenService keycloak = tokens("switchboard.jwt.roles-claim", "realm_access.roles",
                "switchboard.jwt.roles.\"orders-reader\".subscribe", "orders.>, public.>",
                "switchboard.jwt.roles.\"orders-writer\".publish", "orders.>",
                "switchboard.jwt.roles.\"hub-admin\".admin", "true");
        Identity reader = keycloak.authenticate(idp.sign(claims()
                .claim("realm_access", Map.of("roles", List.of("orders-reader", "offline_access"))).build()));
        assertEquals(List.of(TopicPattern.of("orders.>"), TopicPattern.of("public.>")), reader.subscribe());
        assertEquals(List.of(), reader.publish());
        assertFalse(reader.admin());
        assertTrue(keycloak.authenticate(idp.signEc(claims().claim("realm_access", Map.of("roles",
                List.of("hub-admin"))).build())).admin());

        TokenService auth0 = tokens("switchboard.jwt.roles-claim", "scope",
                "switchboard.jwt.roles.\"orders:write\".publish", "orders.>",
                "switchboard.jwt.subscribe-claim", "https://acme.test/topics");
        Identity writer = auth0.authenticate(idp.sign(claims().claim("scope", "openid orders:write")
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
