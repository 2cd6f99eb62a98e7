package io.switchboard.api;

import io.switchboard.hub.HubCounters;
import io.switchboard.protocol.ErrorBody;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.RateLimitedException;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.ErrorReplies;
import io.switchboard.runtime.RefusalLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

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
    @Inject
    ErrorReplies replies;

    Response of(HttpServletRequest request, SwitchboardException e) {
        counted(request, e);
        Response.ResponseBuilder response = Response.status(e.code().httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(e));
        headers(e).forEach(response::header);
        return response.build();
    }

    /** The same answer on a servlet's own response, for a route that is not a JAX-RS resource. */
    public void write(HttpServletRequest request, HttpServletResponse response, SwitchboardException e)
            throws IOException {
        counted(request, e);
        headers(e).forEach(response::setHeader);
        replies.write(response, e.code().httpStatus(), e);
    }

    private void counted(HttpServletRequest request, SwitchboardException e) {
        counters.error(e.code());
        refusals.refused(describe(request), e.code().wireName(), e.getMessage());
    }

    private static Map<String, String> headers(SwitchboardException e) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (e.code() == ErrorCode.UNAUTHORIZED) {
            headers.put(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (e instanceof RateLimitedException limited) {
            headers.put(HttpHeaders.RETRY_AFTER, String.valueOf(limited.retryAfterSeconds()));
        }
        return headers;
    }

    /**
     * A refusal the container or JAX-RS chose by its HTTP status alone (unknown path, wrong method, unreadable
     * parameter), as the error the API would have given.
     */
    static SwitchboardException forStatus(int status) {
        return switch (status) {
            case 401 -> new SwitchboardException(ErrorCode.UNAUTHORIZED, "A valid token is required");
            case 403 -> new SwitchboardException(ErrorCode.FORBIDDEN, "Not allowed");
            case 404 -> new SwitchboardException(ErrorCode.NOT_FOUND, "No such resource");
            case 405 -> new SwitchboardException(ErrorCode.BAD_REQUEST, "This resource does not take that method");
            case 413 -> new SwitchboardException(ErrorCode.TOO_LARGE, "The body is too large");
            case 415 -> new SwitchboardException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json");
            case 503 -> new SwitchboardException(ErrorCode.UNAVAILABLE, "The server cannot take requests now");
            default -> status >= 500
                    ? new SwitchboardException(ErrorCode.INTERNAL, "The server failed to handle this request")
                    : new SwitchboardException(ErrorCode.BAD_REQUEST, "The request is not valid (HTTP " + status + ")");
        };
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
