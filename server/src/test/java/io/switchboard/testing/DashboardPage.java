package io.switchboard.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The dashboard in a real Chromium, as the ITs drive it: its connection state, its tail of one topic. */
public final class DashboardPage {

    private final ChromeDriver browser;

    public DashboardPage(ChromeDriver browser) {
        this.browser = browser;
    }

    /** Opens the dashboard at {@code base} with {@code token} (it moves the token to session storage). */
    public DashboardPage open(URI base, String token) {
        browser.get(base + "?token=" + token);
        awaitState("connected");
        return this;
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    public void awaitState(String state) {
        waiting().until(d -> state.equals(d.findElement(By.id("connection")).getAttribute("data-state")));
    }

    public String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    public String attribute(String id, String name) {
        return browser.findElement(By.id(id)).getAttribute(name);
    }

    /** Tails {@code topic}, as a user does with the form, until its presence shows this page subscribed. */
    public void tail(String topic) {
        WebElement name = browser.findElement(By.id("open-topic-name"));
        name.clear();
        name.sendKeys(topic);
        browser.findElement(By.cssSelector("#open-topic button")).click();
        waiting().until(d -> topic.equals(d.findElement(By.id("tail-topic")).getText())
                && d.findElement(By.id("tail-presence")).getText().contains("subscriber"));
    }

    /** The offsets of the tailed messages, as the page lists them. */
    public List<String> tailedOffsets() {
        return browser.findElements(By.cssSelector("#tail-messages li")).stream()
                .map(li -> li.getAttribute("data-offset")).toList();
    }
}
