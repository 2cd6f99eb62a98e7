package io.switchboard.api;

import io.switchboard.protocol.SwitchboardException;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused REST request: the code's HTTP status and the same {@code {code, message}} as a WebSocket error. */
@Provider
public class SwitchboardExceptionMapper implements ExceptionMapper<SwitchboardException> {

    @Inject
    ErrorResponses errors;
    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(SwitchboardException e) {
        return errors.of(request, e);
    }
}
