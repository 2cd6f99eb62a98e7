package io.switchboard.api;

import io.switchboard.protocol.ErrorBody;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.Liveness;
import io.switchboard.runtime.RefusalLog;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The container's error page (see {@code web.xml}): errors that happen outside JAX-RS, such as an unknown static
 * file, a wrong method on {@code /health} or a failure in a filter, answer with the same JSON
 * {@code {code, message}} as the API, never with the container's HTML and its exception chain.
 */
@WebServlet(urlPatterns = "/error")
public class ErrorPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    FrameCodec codec;
    @Inject
    Liveness liveness;
    @Inject
    RefusalLog refusals;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer number ? number : HttpServletResponse.SC_NOT_FOUND;
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
            liveness.saw(failure);
        }
        ErrorCode error = switch (code) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> code >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
        String message = switch (error) {
            case NOT_FOUND -> "No such resource";
            case INTERNAL -> "The server failed to handle this request";
            default -> "The request was refused (HTTP " + code + ")";
        };
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        uri = uri == null ? request.getRequestURI() : uri;
        refusals.refused(request.getMethod() + " " + uri, error.wireName(), message);
        response.reset();
        response.setStatus(code);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(codec.toJson(new ErrorBody(error.wireName(), message)));
    }
}
