package io.switchboard.api;

import io.switchboard.hub.HubCounters;
import io.switchboard.protocol.ErrorBody;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.RateLimitedException;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.RefusalLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Every refused REST request, whatever refused it, as the same JSON {@code {code, message}} a WebSocket error
 * carries, counted by code and logged in one line; never a stack trace to the client.
 */
@ApplicationScoped
public class ErrorResponses {

    @Inject
    HubCounters counters;
    @Inject
    RefusalLog refusals;

    Response of(HttpServletRequest request, SwitchboardException e) {
        counters.error(e.code());
        refusals.refused(describe(request), e.code().wireName(), e.getMessage());
        Response.ResponseBuilder response = Response.status(e.code().httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(e));
        if (e.code() == ErrorCode.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (e instanceof RateLimitedException limited) {
            response.header(HttpHeaders.RETRY_AFTER, limited.retryAfterSeconds());
        }
        return response.build();
    }

    /** A body that was too large or not JSON, wherever in the cause chain a reader reported it; else null. */
    static SwitchboardException unreadableBody(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyGate.TooLarge tooLarge) {
                return new SwitchboardException(ErrorCode.TOO_LARGE, tooLarge.getMessage());
            }
            if (cause instanceof JsonbException || cause instanceof JsonException) {
                return new SwitchboardException(ErrorCode.BAD_JSON, "The body is not the JSON this request takes");
            }
        }
        return null;
    }

    private static String describe(HttpServletRequest request) {
        return request == null ? "a request" : request.getMethod() + " " + request.getRequestURI();
    }
}
