package io.switchboard.api;

import io.switchboard.protocol.FrameCodec;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/**
 * {@code GET /health} and {@code /health/ready}: 200 {@code {"status":"UP"}} while the node takes clients; 503
 * {@code DOWN}, with what is wrong, once shutting down, after the JVM failed (out of memory) or while a
 * housekeeping task has stopped running. {@code /health/live}: the same without shutting down, which is not a
 * reason to restart a node. The same on every server; MicroProfile Health gets the same checks where it runs.
 */
@WebServlet(urlPatterns = {"/health", "/health/live", "/health/ready"}, loadOnStartup = 1)
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    HealthChecks checks;
    @Inject
    FrameCodec codec;

    /** The answer's body. */
    public record Health(String status, List<String> problems) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> problems = request.getServletPath().equals("/health/live")
                ? checks.livenessProblems() : checks.readinessProblems();
        boolean up = problems.isEmpty();
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(codec.toJson(new Health(up ? "UP" : "DOWN", up ? null : problems)));
    }
}
