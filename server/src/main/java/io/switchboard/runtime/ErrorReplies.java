package io.switchboard.runtime;

import io.switchboard.protocol.ErrorBody;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.SwitchboardException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A refusal written on a servlet's own response as the API's JSON {@code {code, message}}: for the filters and
 * servlets outside JAX-RS (the body and handshake gates, the error page, the event stream), which JAX-RS's exception
 * mappers never see.
 */
@ApplicationScoped
public class ErrorReplies {

    @Inject
    FrameCodec codec;

    /** {@code e} as the JSON body of {@code response}, with {@code status}; headers are the caller's. */
    public void write(HttpServletResponse response, int status, SwitchboardException e) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(codec.toJson(ErrorBody.of(e)));
    }
}
