package io.switchboard;

import io.switchboard.testing.BrowserSession;
import io.switchboard.testing.DashboardPage;
import io.switchboard.testing.Deployments;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard and /switchboard.js in a real Chromium against a running server. */
@ExtendWith(ArquillianExtension.class)
class DashboardIT {

    @RegisterExtension
    static final BrowserSession CHROMIUM = new BrowserSession();

    private static ChromeDriver browser() {
        return CHROMIUM.driver();
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.switchboard();
    }

    @ArquillianResource
    URL url;

    private DashboardPage page() {
        return new DashboardPage(browser());
    }

    private void openAsAdmin() {
        page().open(Deployments.loopback(url), TestTokens.admin());
    }

    private void openAnonymously() {
        browser().get(Deployments.loopback(url).toString());
        ((JavascriptExecutor) browser()).executeScript("sessionStorage.clear()");
        browser().navigate().refresh();
        awaitState("connected");
    }

    private WebDriverWait waiting() {
        return page().waiting();
    }

    private void awaitState(String state) {
        page().awaitState(state);
    }

    private int chartPoints() {
        return Integer.parseInt(browser().findElement(By.id("chart-rate")).getAttribute("data-points"));
    }

    private void tail(String topic) {
        page().tail(topic);
    }

    private List<String> tailedOffsets() {
        return page().tailedOffsets();
    }

    @Test
    void theAdminTokenMovesFromTheAddressBarToSessionStorage() {
        openAsAdmin();
        assertFalse(browser().getCurrentUrl().contains("token="));
        Object stored = ((JavascriptExecutor) browser()).executeScript("return sessionStorage.getItem('switchboard.token')");
        assertEquals(TestTokens.admin().split("\\.")[0], String.valueOf(stored).split("\\.")[0]);
        assertTrue(browser().findElement(By.id("identity")).getText().contains("Signed in as root"));
    }

    @Test
    void liveMetricsChartsUpdateEverySecond() throws Exception {
        openAsAdmin();
        waiting().until(d -> chartPoints() >= 1);
        int before = chartPoints();
        waiting().until(d -> chartPoints() >= Math.min(before + 2, 120));
        assertTrue(browser().findElements(By.cssSelector("#chart-rate canvas")).size() >= 1, "uPlot drew the chart");
        assertFalse(browser().findElement(By.id("m-connections")).getText().equals("–"));
        screenshot("dashboard.png");
    }

    @Test
    void aMessagePublishedFromTheFormAppearsInTheTail() {
        openAsAdmin();
        String topic = "public.dash" + UUID.randomUUID().toString().substring(0, 6);
        tail(topic);
        WebElement data = browser().findElement(By.id("publish-data"));
        data.clear();
        data.sendKeys("{\"greeting\": \"hello from the form\"}");
        browser().findElement(By.cssSelector("#publish-form button")).click();
        waiting().until(d -> d.findElement(By.id("tail-messages")).getText().contains("hello from the form"));
        assertTrue(browser().findElement(By.id("publish-result")).getText().contains("#1"));
        waiting().until(d -> d.findElement(By.id("topics")).getText().contains(topic));
    }

    @Test
    void invalidJsonIsShownInlineAndNotSent() {
        openAsAdmin();
        tail("public.invalid-json");
        WebElement data = browser().findElement(By.id("publish-data"));
        data.clear();
        data.sendKeys("{not json");
        browser().findElement(By.cssSelector("#publish-form button")).click();
        assertTrue(browser().findElement(By.id("publish-error")).getText().startsWith("Not valid JSON"));
        assertEquals("true", data.getAttribute("aria-invalid"));
        assertTrue(tailedOffsets().isEmpty());
    }

    @Test
    void theHandshakeInspectorShowsThe101ExchangeOfThePagesOwnConnection() {
        openAsAdmin();
        waiting().until(d -> d.findElement(By.id("hs-response")).getText().contains("101"));
        String request = browser().findElement(By.id("hs-request")).getText();
        String response = browser().findElement(By.id("hs-response")).getText();
        assertTrue(request.startsWith("GET /ws?token=[redacted] HTTP/1.1"), request);
        assertTrue(request.toLowerCase().contains("upgrade: websocket"));
        assertTrue(request.toLowerCase().contains("sec-websocket-key"));
        assertTrue(response.startsWith("HTTP/1.1 101 Switching Protocols"), response);
        assertTrue(response.contains("Sec-WebSocket-Accept"));
        assertFalse(request.contains(TestTokens.admin()));
    }

    @Test
    void afterTheServerDropsTheConnectionTheClientReconnectsAndRecoversMissedMessages() throws Exception {
        openAsAdmin();
        String topic = "public.outage" + UUID.randomUUID().toString().substring(0, 6);
        Http admin = new Http(Deployments.loopback(url), TestTokens.admin());
        admin.post("api/topics/" + topic + "/messages", "{\"n\":1}");
        tail(topic);
        waiting().until(d -> tailedOffsets().equals(List.of("1")));
        String session = browser().findElement(By.id("identity")).getAttribute("data-session");

        HttpResponse<String> kicked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        Deployments.loopback(url).resolve("api/connections/" + session))
                .header("Authorization", "Bearer " + TestTokens.admin()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, kicked.statusCode());
        for (int n = 2; n <= 4; n++) {
            admin.post("api/topics/" + topic + "/messages", "{\"n\":" + n + "}");
        }
        awaitState("recovered");
        admin.post("api/topics/" + topic + "/messages", "{\"n\":5}");
        waiting().until(d -> tailedOffsets().size() >= 5);
        assertEquals(List.of("1", "2", "3", "4", "5"), tailedOffsets(), "each message once, in order");
        assertFalse(session.equals(browser().findElement(By.id("identity")).getAttribute("data-session")));
    }

    @Test
    void anonymousVisitorsAreToldWhatATokenWouldShowThem() {
        openAnonymously();
        waiting().until(d -> d.findElement(By.id("notice")).isDisplayed());
        assertTrue(browser().findElement(By.id("notice")).getText().contains("token"));
        assertTrue(browser().findElement(By.id("identity")).getText().startsWith("Anonymous"));
        waiting().until(d -> !d.findElement(By.id("topics-empty")).isDisplayed()
                || d.findElement(By.id("topics")).getText().isEmpty());
        assertFalse(browser().findElement(By.id("topics")).getText().contains("sys.metrics"));
    }

    @Test
    void theThemeToggleSwitchesBetweenLightAndDark() {
        openAsAdmin();
        String before = browser().findElement(By.tagName("html")).getAttribute("data-theme");
        browser().findElement(By.id("theme")).click();
        String after = browser().findElement(By.tagName("html")).getAttribute("data-theme");
        assertFalse(before.equals(after));
        assertTrue(List.of("light", "dark").contains(after));
        browser().findElement(By.id("theme")).click();
    }

    @Test
    void theClientLibraryIsServedAsAnEsModuleWithTypes() throws Exception {
        Http http = Http.anonymous(Deployments.loopback(url));
        HttpResponse<String> library = http.get("switchboard.js");
        assertEquals(200, library.statusCode());
        assertTrue(library.body().contains("export function connect"));
        assertTrue(library.headers().firstValue("Content-Type").orElseThrow().contains("javascript"));
        assertEquals(200, http.get("switchboard.d.ts").statusCode());
    }

    private static void screenshot(String name) throws Exception {
        Path directory = Path.of(System.getProperty("switchboard.screenshots", "target/screenshots"));
        Files.createDirectories(directory);
        Files.copy(browser().getScreenshotAs(OutputType.FILE).toPath(), directory.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
