package io.switchboard.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.Settings;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenServiceTest {

    private static final String SECRET = "unit-test-secret-0123456789abcdef-xyz";
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final TokenService tokens = new TokenService(
            SwitchboardConfig.from(Settings.of(Map.of("switchboard.jwt.secret", SECRET))),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static String sign(JWTClaimsSet claims, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("ann").expirationTime(Date.from(NOW.plusSeconds(60)));
    }

    private ErrorCode refusal(String token) {
        return assertThrows(SwitchboardException.class, () -> tokens.authenticate(token)).code();
    }

    @Test
    void noTokenIsTheAnonymousIdentityWithTheDefaultPermissions() {
        Identity identity = tokens.authenticate(null);
        assertTrue(identity.isAnonymous());
        assertTrue(identity.canRead(TopicName.of("public.x")));
        assertFalse(identity.canRead(TopicName.of("sys.metrics")));
    }

    @Test
    void aMintedTokenAuthenticatesWithItsClaims() {
        Identity identity = tokens.authenticate(tokens.mint("ann", List.of("a.>"), List.of("a.b"), false, Duration.ofMinutes(5), null).token());
        assertEquals("ann", identity.user());
        assertTrue(identity.canRead(TopicName.of("a.x")));
        assertFalse(identity.admin());
        assertEquals(NOW.plusSeconds(300), identity.expiresAt());
    }

    @Test
    void mintingTellsTheExpiryOfTheTokenItMade() {
        TokenService.Minted minted = tokens.mint("ann", List.of(), List.of(), false, Duration.ofMinutes(5), null);
        assertEquals(NOW.plusSeconds(300), minted.expiresAt());
        assertEquals(minted.expiresAt(), tokens.authenticate(minted.token()).expiresAt());
    }

    @Test
    void theAdminClaimMakesAnAdmin() throws Exception {
        assertTrue(tokens.authenticate(sign(claims().claim("admin", true).build(), SECRET)).admin());
    }

    @Test
    void aTokenSignedWithAnotherSecretIsUnauthorized() throws Exception {
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(sign(claims().build(), "another-secret-0123456789abcdef-xyz")));
    }

    @Test
    void anExpiredTokenIsUnauthorizedOnceTheClockSkewHasPassed() throws Exception {
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(sign(claims().expirationTime(Date.from(NOW.minusSeconds(61)))
                .build(), SECRET)));
        assertEquals("ann", tokens.authenticate(sign(claims().expirationTime(Date.from(NOW.minusSeconds(30)))
                .build(), SECRET)).user(), "within the default 60 s of skew");
    }

    @Test
    void aTokenNotValidBeforeALaterTimeIsUnauthorizedUntilThen() throws Exception {
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(sign(claims().claim("admin", true)
                .notBeforeTime(Date.from(NOW.plusSeconds(3600))).build(), SECRET)));
        assertEquals("ann", tokens.authenticate(sign(claims().notBeforeTime(Date.from(NOW.plusSeconds(30)))
                .build(), SECRET)).user(), "within the skew");
    }

    @Test
    void aTokenIssuedInTheFutureIsUnauthorized() throws Exception {
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(sign(claims().issueTime(Date.from(NOW.plusSeconds(3600)))
                .build(), SECRET)));
    }

    @Test
    void theSkewIsConfigurable() throws Exception {
        TokenService strict = new TokenService(SwitchboardConfig.from(Settings.of(Map.of("switchboard.jwt.secret",
                SECRET, "switchboard.jwt.clock-skew-seconds", "0"))), Clock.fixed(NOW, ZoneOffset.UTC));
        String justExpired = sign(claims().expirationTime(Date.from(NOW.minusSeconds(1))).build(), SECRET);
        assertEquals(ErrorCode.UNAUTHORIZED,
                assertThrows(SwitchboardException.class, () -> strict.authenticate(justExpired)).code());
    }

    @Test
    void aConfiguredIssuerAndAudienceAreRequiredAndMinted() throws Exception {
        TokenService checking = new TokenService(SwitchboardConfig.from(Settings.of(Map.of("switchboard.jwt.secret",
                SECRET, "switchboard.jwt.issuer", "https://auth.example", "switchboard.jwt.audience", "switchboard"))),
                Clock.fixed(NOW, ZoneOffset.UTC));
        for (JWTClaimsSet wrong : List.of(claims().build(), claims().issuer("https://evil.example").audience("switchboard").build(),
                claims().issuer("https://auth.example").audience("another-service").build())) {
            String token = sign(wrong, SECRET);
            assertEquals(ErrorCode.UNAUTHORIZED,
                    assertThrows(SwitchboardException.class, () -> checking.authenticate(token)).code(), wrong.toString());
        }
        assertEquals("ann", checking.authenticate(sign(claims().issuer("https://auth.example")
                .audience(List.of("other", "switchboard")).build(), SECRET)).user());
        String minted = checking.mint("bob", List.of(), List.of(), false, Duration.ofMinutes(1), null).token();
        assertEquals("bob", checking.authenticate(minted).user(), "minted tokens carry both");
    }

    @Test
    void aMintedTokenNeverOutlivesTheMintersToken() {
        TokenService.Minted minted = tokens.mint("ann", List.of(), List.of(), false, Duration.ofDays(30),
                NOW.plusSeconds(600));
        assertEquals(NOW.plusSeconds(600), minted.expiresAt());
    }

    @Test
    void anOverlongTokenIsUnauthorizedBeforeItIsParsed() {
        assertEquals(ErrorCode.UNAUTHORIZED, refusal("x".repeat(TokenService.MAX_TOKEN_CHARS + 1)));
    }

    @Test
    void aTokenWithoutExpiryOrSubjectIsUnauthorized() throws Exception {
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(sign(new JWTClaimsSet.Builder().subject("ann").build(), SECRET)));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(sign(new JWTClaimsSet.Builder()
                .expirationTime(Date.from(NOW.plusSeconds(60))).build(), SECRET)));
    }

    @Test
    void anUnsignedAlgNoneTokenIsUnauthorized() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"sub\":\"eve\",\"admin\":true,\"exp\":9999999999}".getBytes(StandardCharsets.UTF_8)) + ".";
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(none));
    }

    @Test
    void garbageIsUnauthorized() {
        assertEquals(ErrorCode.UNAUTHORIZED, refusal("not.a.jwt"));
    }

    @Test
    void aTokenWithAnInvalidPatternIsUnauthorized() throws Exception {
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(sign(claims().claim("subscribe", List.of("a..b")).build(), SECRET)));
    }

    @Test
    void aShortSecretIsRefusedAtStart() {
        SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of("switchboard.jwt.secret", "short")));
        assertThrows(IllegalStateException.class, () -> new TokenService(config, Clock.systemUTC()));
    }

    @Test
    void withoutAConfiguredSecretOneIsGenerated() {
        TokenService generated = new TokenService(SwitchboardConfig.defaults(), Clock.systemUTC());
        assertTrue(generated.secretGenerated());
        String token = generated.mint("admin", List.of(">"), List.of(">"), true, Duration.ofMinutes(1), null).token();
        assertTrue(generated.authenticate(token).admin());
    }
}
