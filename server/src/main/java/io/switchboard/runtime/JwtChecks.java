package io.switchboard.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How strictly token claims are checked, and where a token's keys and permissions come from.
 *
 * @param clockSkew {@code switchboard.jwt.clock-skew-seconds}: leeway for {@code exp}, {@code nbf}, {@code iat}
 * @param issuer    {@code switchboard.jwt.issuer}: the {@code iss} every token must carry, if set
 * @param audience  {@code switchboard.jwt.audience}: a value the token's {@code aud} must hold, if set
 * @param expiryWarning {@code switchboard.jwt.expiry-warning-seconds}: how long before its token expires a
 *                  session is told so ({@code expiring}), to send a {@code refresh}
 * @param jwksUrl   {@code switchboard.jwt.jwks-url}: an identity provider's keys (JWKS), for RS256 and ES256
 *                  tokens, if set
 * @param jwksCache {@code switchboard.jwt.jwks-cache-seconds}: how long fetched keys are used before they are
 *                  fetched again (a token signed by a key not among them fetches them at once, at most every
 *                  few seconds)
 * @param claims    where the permissions are in a token
 */
public record JwtChecks(Duration clockSkew, Optional<String> issuer, Optional<String> audience,
                        Duration expiryWarning, Optional<URI> jwksUrl, Duration jwksCache,
                        ClaimMapping claims) {

    static JwtChecks from(Settings settings) {
        return new JwtChecks(
                Duration.ofSeconds(settings.nonNegative("switchboard.jwt.clock-skew-seconds", 60)),
                settings.get("switchboard.jwt.issuer"),
                settings.get("switchboard.jwt.audience"),
                Duration.ofSeconds(settings.nonNegative("switchboard.jwt.expiry-warning-seconds", 60)),
                settings.get("switchboard.jwt.jwks-url").map(URI::create),
                Duration.ofSeconds(settings.positive("switchboard.jwt.jwks-cache-seconds", 300)),
                ClaimMapping.from(settings));
    }
}
