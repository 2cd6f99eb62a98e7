package io.switchboard.api;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS's own refusals (unknown path, wrong method, unreadable body or parameter) as JSON errors too. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Inject
    ErrorResponses errors;
    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(WebApplicationException e) {
        SwitchboardException body = ErrorResponses.unreadableBody(e);
        return errors.of(request, body != null ? body : byStatus(e.getResponse().getStatus()));
    }

    private static SwitchboardException byStatus(int status) {
        return switch (status) {
            case 401 -> new SwitchboardException(ErrorCode.UNAUTHORIZED, "A valid token is required");
            case 403 -> new SwitchboardException(ErrorCode.FORBIDDEN, "Not allowed");
            case 404 -> new SwitchboardException(ErrorCode.NOT_FOUND, "No such resource");
            case 405 -> new SwitchboardException(ErrorCode.BAD_REQUEST, "This resource does not take that method");
            case 413 -> new SwitchboardException(ErrorCode.TOO_LARGE, "The body is too large");
            case 415 -> new SwitchboardException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json");
            default -> status >= 500
                    ? new SwitchboardException(ErrorCode.INTERNAL, "The server failed to handle this request")
                    : new SwitchboardException(ErrorCode.BAD_REQUEST, "The request is not valid (HTTP " + status + ")");
        };
    }
}
