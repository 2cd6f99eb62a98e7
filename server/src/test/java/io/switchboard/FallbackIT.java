package io.switchboard;

import io.switchboard.testing.BrowserSession;
import io.switchboard.testing.DashboardPage;
import io.switchboard.testing.Deployments;
import io.switchboard.testing.Http;
import io.switchboard.testing.Nginx;
import io.switchboard.testing.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.URL;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Chromium behind a real nginx that strips the WebSocket upgrade, as some corporate proxies do: the
 * dashboard and a page of one's own using {@code switchboard.js} work over Server-Sent Events and REST, and resume
 * without loss when the stream is cut; behind an nginx that lets the upgrade through, the same client takes the
 * WebSocket. The browser side of the fallback; the stream itself is tested on every server by {@code StreamIT}.
 */
@ExtendWith(ArquillianExtension.class)
class FallbackIT {

    @RegisterExtension
    static final BrowserSession CHROMIUM = new BrowserSession();

    private Nginx proxy;

    private static ChromeDriver browser() {
        return CHROMIUM.driver();
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.switchboard();
    }

    @ArquillianResource
    URL url;

    @AfterEach
    void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static String topic() {
        return "public.fb" + UUID.randomUUID().toString().substring(0, 6);
    }

    private Http server() {
        return new Http(Deployments.loopback(url), TestTokens.admin());
    }

    @Test
    void behindAProxyThatRefusesTheUpgradeTheDashboardRunsOnTheStreamAndResumesWhenItIsCut() throws Exception {
        proxy = Nginx.refusingWebSocketsInFrontOf(Deployments.loopback(url));
        DashboardPage page = new DashboardPage(browser()).open(proxy.base(), TestTokens.admin());
        assertEquals("sse", page.attribute("transport", "data-transport"));
        assertEquals("Server-Sent Events", page.text("transport"));
        assertTrue(page.text("hs-request").contains("No WebSocket handshake"), page.text("hs-request"));

        String topic = topic();
        page.tail(topic);
        server().post("api/topics/" + topic + "/messages", "{\"n\":1}");
        page.waiting().until(d -> page.tailedOffsets().equals(List.of("1")));

        proxy.restart(); // cuts the stream
        for (int n = 2; n <= 4; n++) {
            server().post("api/topics/" + topic + "/messages", "{\"n\":" + n + "}");
        }
        page.awaitState("recovered");
        server().post("api/topics/" + topic + "/messages", "{\"n\":5}");
        page.waiting().until(d -> page.tailedOffsets().size() >= 5);
        assertEquals(List.of("1", "2", "3", "4", "5"), page.tailedOffsets(), "each message once, in order");
        assertEquals("sse", page.attribute("transport", "data-transport"));
    }

    @Test
    void aPageOfOnesOwnUsingSwitchboardJsPublishesAndReceivesOnTheStream() throws Exception {
        proxy = Nginx.refusingWebSocketsInFrontOf(Deployments.loopback(url));
        browser().get(proxy.base().toString());
        String topic = topic();
        Object result = ((JavascriptExecutor) browser()).executeAsyncScript("""
                const [topic, done] = arguments;
                import("/switchboard.js").then(({ connect }) => {
                  const sb = connect();
                  const received = [];
                  sb.subscribe(topic, (data, message) => {
                    received.push(message.offset + ":" + data.n);
                    if (received.length === 2) done({ transport: sb.transport, received });
                  });
                  sb.on("open", async () => {
                    await sb.publish(topic, { n: 1 });
                    await sb.publish(topic, { n: 2 });
                  });
                });
                """, topic);
        assertEquals("{received=[1:1, 2:2], transport=sse}", String.valueOf(new java.util.TreeMap<>(
                (java.util.Map<?, ?>) result)));
    }

    @Test
    void behindAProxyThatLetsTheUpgradeThroughTheSameClientTakesTheWebSocket() throws Exception {
        proxy = Nginx.inFrontOf(Deployments.loopback(url));
        DashboardPage page = new DashboardPage(browser()).open(proxy.base(), TestTokens.admin());
        assertEquals("websocket", page.attribute("transport", "data-transport"));
        page.waiting().until(d -> page.text("hs-response").contains("101"));
    }
}
