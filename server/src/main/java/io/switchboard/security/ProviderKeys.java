package io.switchboard.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * An identity provider's signing keys, published as a JWKS (Keycloak, Entra ID, Auth0...), for RS256 and ES256
 * tokens. nimbus-jose-jwt fetches and caches them: a token signed by a key not among the cached ones fetches them
 * again (rate-limited), so that a rotated key is found; an outage of the provider is retried and tolerated for a
 * while with the keys last seen.
 */
final class ProviderKeys {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** At most one fetch for unknown keys in this long: a flood of tokens with made-up key ids costs one fetch. */
    static final Duration REFETCH_INTERVAL = Duration.ofSeconds(5);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    ProviderKeys(URI jwks, Duration cache, JWTClaimsSetVerifier<SecurityContext> claims) {
        this(jwks, cache, REFETCH_INTERVAL, claims);
    }

    ProviderKeys(URI jwks, Duration cache, Duration refetchInterval, JWTClaimsSetVerifier<SecurityContext> claims) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(jwks.toURL())
                    .cache(cache.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                    .rateLimited(refetchInterval.toMillis())
                    .retrying(true)
                    .outageTolerant(cache.toMillis())
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("switchboard.jwt.jwks-url is not a URL: " + jwks, e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // access tokens of some providers say so in their type (RFC 9068)
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The claims of a token signed by one of the provider's keys, checked like every token's. */
    JWTClaimsSet verify(SignedJWT jwt) {
        try {
            return processor.process(jwt, null);
        } catch (BadJWTException e) {
            throw unauthorized("The token is not valid now or not for this server: " + e.getMessage());
        } catch (BadJOSEException e) {
            throw unauthorized("The token is not signed by a key of the identity provider: " + e.getMessage());
        } catch (JOSEException e) {
            throw unauthorized("The token cannot be verified (the identity provider's keys: " + e.getMessage() + ")");
        }
    }

    private static SwitchboardException unauthorized(String message) {
        return new SwitchboardException(ErrorCode.UNAUTHORIZED, message);
    }
}
