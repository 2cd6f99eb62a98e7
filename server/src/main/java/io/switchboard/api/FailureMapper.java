package io.switchboard.api;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.Liveness;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whatever else a request threw, as a JSON error. An unreadable body is the client's fault (413 or
 * {@code bad_json}), and so are JAX-RS's own refusals (unknown path, wrong method, unparsable parameter), answered
 * with their status; anything else is the server's: 500 {@code internal} to the client, and the one case where the
 * log gets the stack trace.
 */
@Provider
public class FailureMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(FailureMapper.class.getName());

    @Inject
    ErrorResponses errors;
    @Inject
    Liveness liveness;
    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable failure) {
        SwitchboardException body = ErrorResponses.unreadableBody(failure);
        if (body == null && failure instanceof WebApplicationException refused
                && refused.getResponse().getStatus() < 500) {
            body = ErrorResponses.forStatus(refused.getResponse().getStatus());
        }
        if (body != null) {
            return errors.of(request, body);
        }
        liveness.saw(failure);
        LOG.log(Level.SEVERE, "A REST request failed", failure);
        return errors.of(request, new SwitchboardException(ErrorCode.INTERNAL,
                "The server failed to handle this request; it has been logged"));
    }
}
