package io.switchboard.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.JwtChecks;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.topic.TopicPattern;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Verifies JWTs and mints HS256 ones, with nimbus-jose-jwt. HS256 tokens are checked against the secret; with
 * {@code switchboard.jwt.jwks-url}, RS256 and ES256 tokens against an identity provider's published keys
 * ({@link ProviderKeys}). Every other algorithm is refused before any signature check, so {@code alg:none} and
 * algorithm confusion (an HS256 token "signed" with a public key) get nowhere. Tokens must carry {@code sub} and
 * {@code exp}; {@code exp}, {@code nbf} and {@code iat} are checked with {@code switchboard.jwt.clock-skew-seconds}
 * of leeway, and {@code iss} and {@code aud} when they are configured. What a token may do is read by
 * {@link PermissionClaims}.
 */
@ApplicationScoped
public class TokenService {

    static final int MIN_SECRET_BYTES = 32;
    /** Far beyond any real token; a longer one is refused before it is parsed. */
    static final int MAX_TOKEN_CHARS = FrameCodec.MAX_TOKEN_CHARS;

    private SwitchboardConfig config;
    private Clock clock = Clock.systemUTC();
    private byte[] secret;
    private boolean secretGenerated;
    private MACVerifier verifier;
    private MACSigner signer;
    private DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;
    private PermissionClaims permissions;
    /** Null unless {@code switchboard.jwt.jwks-url} is set. */
    private ProviderKeys providerKeys;
    private Identity anonymous;

    /** For CDI's client proxy only. */
    protected TokenService() {
    }

    @Inject
    public TokenService(SwitchboardConfig config) {
        this.config = config;
    }

    TokenService(SwitchboardConfig config, Clock clock) {
        this(config);
        this.clock = clock;
        init();
    }

    @PostConstruct
    void init() {
        secretGenerated = config.jwtSecret().isEmpty();
        secret = config.jwtSecret().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElseGet(TokenService::randomSecret);
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("switchboard.jwt.secret must be at least " + MIN_SECRET_BYTES
                    + " bytes for HS256; it has " + secret.length);
        }
        try {
            verifier = new MACVerifier(secret);
            signer = new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException("Unusable switchboard.jwt.secret: " + e.getMessage(), e);
        }
        anonymous = Identity.anonymous(patterns(config.anonymousSubscribe()), patterns(config.anonymousPublish()));
        claimsVerifier = claimsVerifier(config.jwt());
        permissions = new PermissionClaims(config.jwt().claims());
        providerKeys = config.jwt().jwksUrl()
                .map(url -> new ProviderKeys(url, config.jwt().jwksCache(), claimsVerifier)).orElse(null);
    }

    /** exp, nbf, sub, iss and aud through nimbus; its clock is ours, so that tests can fix it. */
    private DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(JwtChecks checks) {
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        checks.issuer().ifPresent(exact::issuer);
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                checks.audience().orElse(null), exact.build(), Set.of("sub", "exp")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        verifier.setMaxClockSkew((int) checks.clockSkew().toSeconds());
        return verifier;
    }

    /** The identity a token proves; a null or blank token is the anonymous identity. */
    public Identity authenticate(String token) {
        if (token == null || token.isBlank()) {
            return anonymous;
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw unauthorized("The token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        return permissions.identityOf(verifiedClaims(token.trim()));
    }

    /** A signed token and when it expires, to the second as in its {@code exp} claim. */
    public record Minted(String token, Instant expiresAt) {
    }

    /**
     * Mints a token, with the configured {@code iss} and {@code aud}. {@code notAfter}, when given, caps its
     * expiry: a token minted by someone never outlives the token of the one who minted it.
     */
    public Minted mint(String user, List<String> subscribe, List<String> publish, boolean admin, Duration lifetime,
                       Instant notAfter) {
        patterns(subscribe);
        patterns(publish);
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(lifetime);
        if (notAfter != null && expiresAt.isAfter(notAfter)) {
            expiresAt = notAfter.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(user)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .claim("subscribe", subscribe)
                .claim("publish", publish);
        config.jwt().issuer().ifPresent(claims::issuer);
        config.jwt().audience().ifPresent(claims::audience);
        if (admin) {
            claims.claim("admin", true);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
        return new Minted(jwt.serialize(), expiresAt);
    }

    /** True when no secret was configured, so tokens only live as long as this run. */
    public boolean secretGenerated() {
        return secretGenerated;
    }

    private JWTClaimsSet verifiedClaims(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw unauthorized("The token is not a signed JWT");
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        JWTClaimsSet claims;
        if (providerKeys != null && ProviderKeys.ALGORITHMS.contains(algorithm)) {
            claims = providerKeys.verify(jwt);
        } else if (JWSAlgorithm.HS256.equals(algorithm)) {
            claims = verifiedWithSecret(jwt);
        } else {
            throw unauthorized("The token must be signed with HS256"
                    + (providerKeys == null ? "" : ", or with RS256 or ES256 by the identity provider"));
        }
        Date issued = claims.getIssueTime();
        if (issued != null && issued.toInstant().isAfter(clock.instant().plus(config.jwt().clockSkew()))) {
            throw unauthorized("The token was issued in the future ('iat')");
        }
        return claims;
    }

    private JWTClaimsSet verifiedWithSecret(SignedJWT jwt) {
        try {
            if (!jwt.verify(verifier)) {
                throw unauthorized("The token's signature is not valid");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            claimsVerifier.verify(claims, null);
            return claims;
        } catch (BadJWTException e) {
            throw unauthorized("The token is not valid now or not for this server: " + e.getMessage());
        } catch (JOSEException | ParseException e) {
            throw unauthorized("The token cannot be verified: " + e.getMessage());
        }
    }

    private static List<TopicPattern> patterns(List<String> values) {
        return values.stream().map(TopicPattern::of).toList();
    }

    private static SwitchboardException unauthorized(String message) {
        return new SwitchboardException(ErrorCode.UNAUTHORIZED, message);
    }

    private static byte[] randomSecret() {
        byte[] bytes = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
