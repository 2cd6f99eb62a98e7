package io.switchboard.sample;

import io.switchboard.client.ClientBuilder;
import io.switchboard.client.SwitchboardClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;
import jakarta.websocket.ContainerProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A service that consumes with the Java client from inside the server, as one hub's service would consume from
 * another: {@code POST /api/sample-mirror} connects it to {@code /ws} beside it, where it mirrors every message of
 * {@code public.events.mirror.in} to {@code public.events.mirror.out}. It answers with the class of the WebSocket
 * container it runs on: the server's own, not the standalone Tyrus the client brings outside.
 */
@Path("sample-mirror")
@ApplicationScoped
public class OrderMirror {

    private SwitchboardClient client;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    public synchronized String start(@Context UriInfo request) throws Exception {
        if (client == null) {
            URI base = request.getBaseUri(); // .../api/
            URI ws = new URI("ws", null, base.getHost(), base.getPort(), base.resolve("../ws").getPath(), null, null);
            ClientBuilder builder = SwitchboardClient.builder(ws).reconnectDelays(Duration.ofMillis(100),
                    Duration.ofSeconds(1));
            managedThreads().ifPresent(builder::threads);
            client = builder.connect();
            client.subscribe("public.events.mirror.in", JsonValue.class, (data, message) ->
                    client.publish("public.events.mirror.out", data)).ready().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        }
        return ContainerProvider.getWebSocketContainer().getClass().getName();
    }

    /** The server's ManagedThreadFactory where it has one (Payara, WildFly); Tomcat has none. */
    private static Optional<ThreadFactory> managedThreads() {
        try {
            return Optional.of((ThreadFactory) new InitialContext().lookup("java:comp/DefaultManagedThreadFactory"));
        } catch (NamingException notHere) {
            return Optional.empty();
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (client != null) {
            client.close();
        }
    }
}
