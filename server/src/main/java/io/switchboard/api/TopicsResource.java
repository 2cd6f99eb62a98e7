package io.switchboard.api;

import io.switchboard.hub.Hub;
import io.switchboard.hub.HistoryPage;
import io.switchboard.hub.ShutdownGate;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.security.ClientAddress;
import io.switchboard.security.ClientQuotas;
import io.switchboard.security.Credentials;
import io.switchboard.security.Identity;
import io.switchboard.security.TokenService;
import io.switchboard.topic.HistorySlice;
import io.switchboard.topic.Member;
import io.switchboard.topic.Position;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicEngine;
import io.switchboard.topic.TopicInfo;
import io.switchboard.topic.TopicName;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code /api/topics}: publish over HTTP, list topics, read history and presence. Same permissions as {@code /ws}. */
@Path("topics")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class TopicsResource {

    @Inject
    TokenService tokens;
    @Inject
    TopicEngine engine;
    @Inject
    Hub hub;
    @Inject
    FrameCodec codec;
    @Inject
    SwitchboardConfig config;
    @Inject
    PublishRateLimits rateLimits;
    @Inject
    ShutdownGate gate;
    @Inject
    ClientAddress clientAddress;
    @Inject
    ClientQuotas quotas;
    @Context
    HttpServletRequest request;

    @HeaderParam(HttpHeaders.AUTHORIZATION)
    String authorization;

    @GET
    public List<TopicInfo> list() {
        Identity caller = caller();
        return engine.topics().stream().filter(t -> caller.canRead(TopicName.of(t.topic()))).toList();
    }

    @POST
    @Path("{topic}/messages")
    @Consumes(MediaType.WILDCARD)
    public Response publish(@PathParam("topic") String rawTopic,
                            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
                            InputStream body) throws IOException {
        TopicName topic = TopicName.of(rawTopic);
        Identity caller = caller();
        caller.requirePublish(topic);
        String client = ClientQuotas.client(caller, clientAddress.of(request));
        rateLimits.admit(client);
        String text = readLimited(body, contentLength);
        quotas.admitPublish(caller, client, text.length());
        JsonValue data = codec.parseValue(text);
        quotas.admitIfNew(engine, topic, caller, client);
        Publication publication;
        // Admitted only around the publish: a slow upload must not hold up a shutdown.
        try (ShutdownGate.Admission admitted = gate.admit()) {
            publication = hub.publish(topic, data, client);
        }
        return Response.created(UriBuilder.fromPath("/api/topics/{topic}/messages").queryParam("since",
                        publication.offset() - 1).queryParam("epoch", publication.epoch()).build(topic.value()))
                .entity(new Published(topic.value(), publication.offset(), publication.epoch()))
                .build();
    }

    /**
     * One page of history, as the {@code history} frame; when there is more, its {@code next} and a
     * {@code Link: rel="next"} header give the request for the following page.
     */
    @GET
    @Path("{topic}/messages")
    public Response history(@PathParam("topic") String rawTopic, @QueryParam("since") Long since,
                            @QueryParam("epoch") String epoch, @QueryParam("limit") Integer limit) {
        TopicName topic = TopicName.of(rawTopic);
        caller().requireRead(topic);
        if (since != null && (epoch == null || since < 0)) {
            throw new SwitchboardException(ErrorCode.BAD_REQUEST, "'since' needs a non-negative offset and an 'epoch'");
        }
        if (limit != null && limit <= 0) {
            throw new SwitchboardException(ErrorCode.BAD_REQUEST, "'limit' must be a positive whole number");
        }
        int wanted = limit == null ? engine.historyCapacity() : limit;
        HistorySlice slice = engine.history(topic, since == null ? null : new Position(since, epoch), wanted);
        Response.ResponseBuilder response = Response.ok(codec.encode(HistoryPage.frame(null, slice)));
        if (slice.next() != null) {
            UriBuilder next = UriBuilder.fromPath("/api/topics/{topic}/messages")
                    .queryParam("since", slice.next().offset()).queryParam("epoch", slice.next().epoch());
            if (limit != null) {
                next.queryParam("limit", Math.max(1, limit - slice.messages().size()));
            }
            response.link(next.build(topic.value()), "next");
        }
        return response.build();
    }

    @GET
    @Path("{topic}/presence")
    public String presence(@PathParam("topic") String rawTopic) {
        TopicName topic = TopicName.of(rawTopic);
        caller().requireRead(topic);
        List<Member> members = engine.presence(topic);
        return codec.encode(new ServerFrame.Presence(null, topic.value(), members.size(),
                members.stream().map(m -> new ServerFrame.Presence.Client(m.session(), m.user())).toList()));
    }

    private Identity caller() {
        return tokens.authenticate(Credentials.bearer(authorization));
    }

    private String readLimited(InputStream body, Long contentLength) throws IOException {
        int max = config.maxMessageBytes();
        if (contentLength != null && contentLength > max) {
            throw tooLarge(max);
        }
        byte[] bytes = body.readNBytes(max + 1);
        if (bytes.length > max) {
            throw tooLarge(max);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static SwitchboardException tooLarge(int max) {
        return new SwitchboardException(ErrorCode.TOO_LARGE, "The body is larger than maxMessageBytes (" + max + " bytes)");
    }
}
