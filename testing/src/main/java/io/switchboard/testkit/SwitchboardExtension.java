package io.switchboard.testkit;

import io.switchboard.client.ClientBuilder;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.ServerFrame;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Gives a JUnit 5 (or Arquillian) test connected Switchboard clients, closed after each test:
 * <pre>{@code
 * @RegisterExtension
 * static SwitchboardExtension switchboard = SwitchboardExtension.at(() -> URI.create("ws://localhost:8080/ws"));
 *
 * @Test
 * void ordersAreAnnounced() {
 *     Recording<Order> orders = switchboard.record("orders.>", Order.class);
 *     shop.placeOrder(7);
 *     assertEquals(7, orders.awaitNext(Duration.ofSeconds(5)).id());
 * }
 * }</pre>
 * A test method may also take a {@link SwitchboardClient} parameter: the extension's default client.
 */
public final class SwitchboardExtension implements AfterEachCallback, ParameterResolver {

    private final Supplier<URI> uri;
    private Supplier<String> token = () -> null;
    private final List<SwitchboardClient> open = new ArrayList<>();
    private SwitchboardClient client;

    private SwitchboardExtension(Supplier<URI> uri) {
        this.uri = uri;
    }

    /** The hub's {@code /ws} URI, asked for when a test first needs a client (after servers have started). */
    public static SwitchboardExtension at(Supplier<URI> uri) {
        return new SwitchboardExtension(Objects.requireNonNull(uri, "uri"));
    }

    /** The token of the default client (and of {@link #newClient()}); by default none, anonymous. */
    public SwitchboardExtension token(Supplier<String> token) {
        this.token = Objects.requireNonNull(token, "token");
        return this;
    }

    /** This test's default client, connected (welcomed) before it is returned. */
    public synchronized SwitchboardClient client() {
        if (client == null) {
            client = newClient(token);
        }
        return client;
    }

    /** Another connected client, with the extension's token, closed after the test. */
    public SwitchboardClient newClient() {
        return newClient(token);
    }

    /** Another connected client with its own token (null: anonymous), closed after the test. */
    public SwitchboardClient newClient(Supplier<String> token) {
        return newClient(builder -> builder.token(token));
    }

    /** Another connected client with settings of its own (the extension's token unless they set one). */
    public synchronized SwitchboardClient newClient(UnaryOperator<ClientBuilder> settings) {
        SwitchboardClient connected = settings.apply(SwitchboardClient.builder(uri.get()).token(token)).connect();
        open.add(connected);
        Awaiting.await(connected.connected(), Awaiting.DEFAULT_TIMEOUT, "the welcome of " + uri.get());
        return connected;
    }

    /** A recording of a topic or pattern on the default client, in force when this returns. */
    public <T> Recording<T> record(String topicOrPattern, Class<T> type) {
        return Recording.of(client(), topicOrPattern, type);
    }

    /** Publishes on the default client and returns the ack. */
    public ServerFrame.Ack publish(String topic, Object data) {
        return Awaiting.await(client().publish(topic, data), Awaiting.DEFAULT_TIMEOUT, "the ack of a publish to "
                + topic);
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        open.forEach(SwitchboardClient::close);
        open.clear();
        client = null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SwitchboardClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return client();
    }
}
