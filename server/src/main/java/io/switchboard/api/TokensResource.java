package io.switchboard.api;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.security.Credentials;
import io.switchboard.security.Identity;
import io.switchboard.security.TokenService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /api/tokens} (admins only): mints a scoped token, so that an admin hands a service or a browser
 * app exactly the topics it needs instead of the admin token.
 */
@Path("tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequestScoped
public class TokensResource {

    static final long MAX_LIFETIME_SECONDS = Duration.ofDays(365).toSeconds();
    static final long DEFAULT_LIFETIME_SECONDS = Duration.ofHours(1).toSeconds();
    static final int MAX_SUBJECT_CHARS = 200;
    static final int MAX_PATTERNS = 100;

    @Inject
    TokenService tokens;

    @HeaderParam(HttpHeaders.AUTHORIZATION)
    String authorization;

    /**
     * What to mint; {@code lifetimeSeconds} defaults to an hour, and the token expires no later than the token of
     * the admin who mints it.
     */
    public record TokenRequest(String sub, List<String> subscribe, List<String> publish, Boolean admin,
                               Long lifetimeSeconds) {
    }

    public record MintedToken(String token, String sub, Instant expiresAt) {
    }

    @POST
    public Response mint(TokenRequest request) {
        Identity minter = tokens.authenticate(Credentials.bearer(authorization));
        minter.requireAdmin("mint tokens");
        if (request == null || request.sub() == null || request.sub().isBlank()) {
            throw new SwitchboardException(ErrorCode.BAD_REQUEST, "'sub' is required: who the token is for");
        }
        if (request.sub().length() > MAX_SUBJECT_CHARS) {
            throw new SwitchboardException(ErrorCode.BAD_REQUEST,
                    "'sub' may have at most " + MAX_SUBJECT_CHARS + " characters");
        }
        if (orEmpty(request.subscribe()).size() > MAX_PATTERNS || orEmpty(request.publish()).size() > MAX_PATTERNS) {
            throw new SwitchboardException(ErrorCode.BAD_REQUEST,
                    "'subscribe' and 'publish' may hold at most " + MAX_PATTERNS + " patterns each");
        }
        long lifetime = request.lifetimeSeconds() == null ? DEFAULT_LIFETIME_SECONDS : request.lifetimeSeconds();
        if (lifetime <= 0 || lifetime > MAX_LIFETIME_SECONDS) {
            throw new SwitchboardException(ErrorCode.BAD_REQUEST,
                    "'lifetimeSeconds' must be between 1 and " + MAX_LIFETIME_SECONDS);
        }
        TokenService.Minted minted = tokens.mint(request.sub(), orEmpty(request.subscribe()),
                orEmpty(request.publish()), Boolean.TRUE.equals(request.admin()), Duration.ofSeconds(lifetime),
                minter.expiresAt());
        return Response.status(Response.Status.CREATED)
                .entity(new MintedToken(minted.token(), request.sub(), minted.expiresAt())).build();
    }

    private static List<String> orEmpty(List<String> patterns) {
        return patterns == null ? List.of() : patterns;
    }
}
