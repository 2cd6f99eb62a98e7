package io.switchboard.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Mints tokens signed with the secret arquillian.xml gives the server under test. */
public final class TestTokens {

    public static final String SECRET = "integration-tests-secret-0123456789abcdef";

    private TestTokens() {
    }

    public static String user(String sub, List<String> subscribe, List<String> publish) {
        return mint(sub, subscribe, publish, false, Duration.ofHours(1), SECRET);
    }

    public static String admin() {
        return mint("root", List.of(), List.of(), true, Duration.ofHours(1), SECRET);
    }

    public static String mint(String sub, List<String> subscribe, List<String> publish, boolean admin,
                              Duration lifetime, String secret) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .expirationTime(Date.from(Instant.now().plus(lifetime)))
                .claim("subscribe", subscribe)
                .claim("publish", publish);
        if (admin) {
            claims.claim("admin", true);
        }
        return sign(claims, secret);
    }

    /** A token with these claims besides {@code sub} and {@code exp}; {@code nbf} and {@code iat} in epoch seconds. */
    public static String mintWith(String sub, java.util.Map<String, Object> extra, Duration lifetime) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .expirationTime(Date.from(Instant.now().plus(lifetime)));
        extra.forEach((name, value) -> claims.claim(name, switch (name) {
            case "nbf", "iat" -> Date.from(Instant.ofEpochSecond(((Number) value).longValue()));
            default -> value;
        }));
        return sign(claims, SECRET);
    }

    private static String sign(JWTClaimsSet.Builder claims, String secret) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
