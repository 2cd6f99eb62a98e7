package io.switchboard.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;

/** A Chromium for one test class ({@code @RegisterExtension static}): started before its tests, quit after them. */
public final class BrowserSession implements BeforeAllCallback, AfterAllCallback {

    private ChromeDriver driver;

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        driver = Browser.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
        }
    }
}
