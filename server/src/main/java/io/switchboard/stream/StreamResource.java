package io.switchboard.stream;

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
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

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
 */
@Path("stream")
@RequestScoped
public class StreamResource {

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
    @Context
    HttpServletRequest request;
    @Context
    HttpServletResponse response;

    /**
     * @param topics   the topics and patterns to subscribe to, in order; the subscribe of the n-th has the id n
     * @param presence the exact topics among them whose joins and leaves the stream carries
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void open(@QueryParam("topic") List<String> topics, @QueryParam("presence") List<String> presence,
                     @HeaderParam(LAST_EVENT_ID) String lastEventId, @QueryParam("lastEventId") String resumeFrom,
                     @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                     @QueryParam(Credentials.QUERY_PARAMETER) String token,
                     @Context SseEventSink sink, @Context Sse sse) {
        Set<String> wanted = new LinkedHashSet<>(topics);
        if (wanted.size() > config.maxSubscriptions()) {
            throw new SwitchboardException(ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "A stream may hold " + config.maxSubscriptions() + " subscriptions");
        }
        if (!origins.allows(request.getHeader("Origin"), request.getHeader(HttpHeaders.HOST))) {
            throw new SwitchboardException(ErrorCode.FORBIDDEN, "Streams are not open to this origin");
        }
        Map<String, Since> since = StreamPositions.parse(lastEventId != null ? lastEventId : resumeFrom);
        Set<String> exact = new LinkedHashSet<>();
        for (String topic : wanted) {
            if (isExactTopic(topic)) {
                exact.add(topic);
            }
        }
        Identity identity = tokens.authenticate(Credentials.of(authorization, token));
        String client = ClientQuotas.client(identity, clientAddress.of(request));
        // nginx and other proxies would otherwise buffer the events until a buffer fills
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        Connection connection = connections.openStream(identity, client, new EventStreamTransport(sink, sse, codec,
                new StreamPositions(exact, since), scheduler.streamWriters()));
        int id = 0;
        for (String topic : wanted) {
            commands.handle(connection, new ClientFrame.Subscribe(String.valueOf(++id), topic,
                    exact.contains(topic) ? since.get(topic) : null, presence.contains(topic)), 0);
        }
    }

    private static boolean isExactTopic(String topic) {
        try {
            return TopicPattern.of(topic).isExact();
        } catch (SwitchboardException invalid) {
            return false; // its subscribe is answered with the error, as on /ws
        }
    }
}
