package io.switchboard.stream;

import io.switchboard.api.ErrorResponses;
import io.switchboard.hub.CommandHandler;
import io.switchboard.hub.Connection;
import io.switchboard.hub.ConnectionRegistry;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ClientFrame.Since;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.Scheduler;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.security.ClientAddress;
import io.switchboard.security.ClientQuotas;
import io.switchboard.security.Credentials;
import io.switchboard.security.Identity;
import io.switchboard.security.OriginPolicy;
import io.switchboard.security.TokenService;
import io.switchboard.topic.TopicPattern;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/stream?topic=...}: the fallback where WebSocket cannot pass. The stream carries the server
 * frames of its subscriptions as events: the welcome, each subscription's ack or error (as on {@code /ws}, a topic
 * that is not one is refused alone), recovered and live messages, presence events. The same token, permissions,
 * limits and slow-consumer policy apply as on {@code /ws}; clients publish with {@code POST
 * /api/topics/{topic}/messages}. Resumes from {@code Last-Event-ID} (or the {@code lastEventId} parameter, for a
 * client that opens a new stream rather than letting the browser reconnect).
 *
 * <p>A servlet rather than a JAX-RS resource with an {@code SseEventSink}: Jersey's sink (Payara, Tomcat) writes
 * with the servlet's blocking output, so each client that stops reading held a thread until the container's write
 * timeout, and a few of them stopped every stream. This one writes with the non-blocking output
 * ({@link StreamOutput}); an exact mapping, it wins over the JAX-RS application's {@code /api/*}.
 */
@WebServlet(urlPatterns = "/api/stream", asyncSupported = true)
public class StreamServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String LAST_EVENT_ID = "Last-Event-ID";

    @Inject
    TokenService tokens;
    @Inject
    ConnectionRegistry connections;
    @Inject
    CommandHandler commands;
    @Inject
    FrameCodec codec;
    @Inject
    Scheduler scheduler;
    @Inject
    SwitchboardConfig config;
    @Inject
    ClientAddress clientAddress;
    @Inject
    OriginPolicy origins;
    @Inject
    ErrorResponses errors;

    /**
     * Parameters: {@code topic}, the topics and patterns to subscribe to, in order (the subscribe of the n-th has
     * the id n); {@code presence}, the exact topics among them whose joins and leaves the stream carries.
     */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            open(request, response);
        } catch (SwitchboardException refused) {
            errors.write(request, response, refused);
        }
    }

    private void open(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Set<String> wanted = new LinkedHashSet<>(parameters(request, "topic"));
        if (wanted.size() > config.maxSubscriptions()) {
            throw new SwitchboardException(ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "A stream may hold " + config.maxSubscriptions() + " subscriptions");
        }
        if (!origins.allows(request.getHeader("Origin"), request.getHeader("Host"))) {
            throw new SwitchboardException(ErrorCode.FORBIDDEN, "Streams are not open to this origin");
        }
        String lastEventId = request.getHeader(LAST_EVENT_ID);
        Map<String, Since> since = StreamPositions.parse(lastEventId != null ? lastEventId
                : request.getParameter("lastEventId"));
        Set<String> exact = new LinkedHashSet<>();
        for (String topic : wanted) {
            if (isExactTopic(topic)) {
                exact.add(topic);
            }
        }
        Identity identity = tokens.authenticate(Credentials.of(request.getHeader("Authorization"),
                request.getParameter(Credentials.QUERY_PARAMETER)));
        String client = ClientQuotas.client(identity, clientAddress.of(request));
        EventStreamTransport transport = new EventStreamTransport(codec, new StreamPositions(exact, since), scheduler);
        Connection connection = connections.openStream(identity, client, transport);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // nginx and other proxies would otherwise buffer the events until a buffer fills
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Cache-Control", "no-cache");
        try {
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            transport.start(async);
        } catch (IOException | RuntimeException e) {
            transport.abandon(e);
            throw e;
        }
        List<String> presence = parameters(request, "presence");
        int id = 0;
        for (String topic : wanted) {
            commands.handle(connection, new ClientFrame.Subscribe(String.valueOf(++id), topic,
                    exact.contains(topic) ? since.get(topic) : null, presence.contains(topic)), 0);
        }
    }

    private static List<String> parameters(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values == null ? List.of() : List.of(values);
    }

    private static boolean isExactTopic(String topic) {
        try {
            return TopicPattern.of(topic).isExact();
        } catch (SwitchboardException invalid) {
            return false; // its subscribe is answered with the error, as on /ws
        }
    }
}
