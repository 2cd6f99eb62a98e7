package io.switchboard.api;

import io.switchboard.hub.ShutdownGate;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.runtime.Liveness;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} while serving; 503 {@code DOWN}, with what is wrong, once
 * shutting down, after the JVM failed (out of memory) or while a housekeeping task has stopped running.
 */
@WebServlet(urlPatterns = "/health", loadOnStartup = 1)
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    ShutdownGate gate;
    @Inject
    Liveness liveness;
    @Inject
    FrameCodec codec;

    /** The answer's body. */
    public record Health(String status, List<String> problems) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> problems = new ArrayList<>(liveness.problems());
        if (gate.isStopping()) {
            problems.add("shutting down");
        }
        boolean up = problems.isEmpty();
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(codec.toJson(new Health(up ? "UP" : "DOWN", up ? null : problems)));
    }
}
