package io.switchboard.api;

import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.ErrorReplies;
import io.switchboard.runtime.Liveness;
import io.switchboard.runtime.RefusalLog;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The container's error page (see {@code web.xml}): errors that happen outside JAX-RS, such as an unknown static
 * file, a wrong method on {@code /health} or a failure in a filter, answer with the same JSON
 * {@code {code, message}} as the API, never with the container's HTML and its exception chain. A response that
 * had started when it failed is left as it is: its status and part of its body are the client's already.
 */
@WebServlet(urlPatterns = "/error")
public class ErrorPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    ErrorReplies replies;
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
        if (response.isCommitted()) {
            // a response under way failed (a stream whose client went away, on Tomcat): nothing more can be said
            return;
        }
        SwitchboardException error = ErrorResponses.forStatus(code);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        uri = uri == null ? request.getRequestURI() : uri;
        refusals.refused(request.getMethod() + " " + uri, error.code().wireName(), error.getMessage());
        response.reset();
        replies.write(response, code, error);
    }
}
