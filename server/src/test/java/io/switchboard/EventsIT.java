package io.switchboard;

import io.switchboard.sample.OrderDesk;
import io.switchboard.sample.OrderMirror;
import io.switchboard.sample.OrderRelay;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.testing.Deployments;
import io.switchboard.testing.Http;
import io.switchboard.testing.WsClient;
import io.switchboard.testkit.Recording;
import io.switchboard.testkit.SwitchboardExtension;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CDI in and out, with server code deployed beside the hub ({@code io.switchboard.sample}): observing a pattern's
 * messages as events, and publishing once a transaction committed, on every server.
 */
@ExtendWith(ArquillianExtension.class)
class EventsIT {

    static final Duration WITHIN = Duration.ofSeconds(10);
    /** Tomcat has no JTA: there, publishing on commit publishes at once, and nothing rolls back. */
    static final boolean TRANSACTIONS = !"tomcat".equals(System.getProperty("arquillian.launch"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        JavaArchive client = ShrinkWrap.create(JavaArchive.class, "switchboard-client.jar")
                .addPackage(SwitchboardClient.class.getPackage());
        return Deployments.switchboard().addClasses(OrderRelay.class, OrderDesk.class, OrderMirror.class)
                .addAsLibrary(client);
    }

    @ArquillianResource
    URL url;

    @RegisterExtension
    final SwitchboardExtension switchboard = SwitchboardExtension.at(() -> WsClient.wsUri(Deployments.loopback(url)));

    @Test
    void anObserverOfAPatternGetsEachMessageAsACdiEventInOrder() {
        Recording<JsonObject> relayed = switchboard.record("public.events.out", JsonObject.class);
        switchboard.publish("public.events.in.eu", 1);
        switchboard.publish("public.events.in.us", 2);
        switchboard.publish("public.events.elsewhere", 3);
        switchboard.publish("public.events.in.eu", 4);

        var seen = relayed.awaitNext(3, WITHIN);
        assertEquals(List.of("public.events.in.eu", "public.events.in.us", "public.events.in.eu"),
                seen.stream().map(event -> event.getString("from")).toList());
        assertEquals(4, seen.get(2).getInt("data"));
        relayed.assertNothingFor(Duration.ofMillis(500));
    }

    @Test
    void theJavaClientRunsInsideTheServerOnTheServersOwnWebSocketContainer() {
        Recording<JsonObject> mirrored = switchboard.record("public.events.mirror.out", JsonObject.class);
        HttpResponse<String> started = Http.anonymous(Deployments.loopback(url)).post("api/sample-mirror", "{}");
        assertEquals(200, started.statusCode(), started.body());
        String container = started.body().toLowerCase(java.util.Locale.ROOT);
        String server = String.valueOf(System.getProperty("arquillian.launch"));
        String expected = server.equals("wildfly") ? "undertow" : server.equals("tomcat") ? "tomcat" : "tyrus";
        assertTrue(container.contains(expected), "on " + server + ": " + container);
        switchboard.publish("public.events.mirror.in", Json.createObjectBuilder().add("n", 7).build());
        assertEquals(7, mirrored.awaitNext(WITHIN).getInt("n"));
    }

    @Test
    void aMessagePublishedOnCommitComesOnlyWhenTheTransactionCommitted() {
        Recording<JsonObject> orders = switchboard.record("public.events.orders", JsonObject.class);
        Http http = Http.anonymous(Deployments.loopback(url));
        if (TRANSACTIONS) {
            assertEquals(500, http.post("api/sample-orders?id=1&fail=true", "{}").statusCode(), "rolled back");
        }
        assertEquals(204, http.post("api/sample-orders?id=2", "{}").statusCode());
        assertEquals(2, orders.awaitNext(WITHIN).getInt("id"), "the committed order, and not the one rolled back");
        orders.assertNothingFor(Duration.ofMillis(500));
        assertEquals(1, orders.all().size());
    }

}
