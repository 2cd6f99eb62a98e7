package io.switchboard.api;

import io.switchboard.hub.HubCounters;
import io.switchboard.protocol.ErrorBody;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.RateLimitedException;
import io.switchboard.protocol.SwitchboardException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused REST request: the code's HTTP status and the same {@code {code, message}} as a WebSocket error. */
@Provider
public class SwitchboardExceptionMapper implements ExceptionMapper<SwitchboardException> {

    @Inject
    HubCounters counters;

    @Override
    public Response toResponse(SwitchboardException e) {
        counters.error(e.code());
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
}
