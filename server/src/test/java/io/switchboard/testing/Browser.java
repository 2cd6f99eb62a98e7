package io.switchboard.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Debian's Chromium driven by Debian's chromedriver, both named explicitly so that Selenium never tries to
 * download a browser. Without them the browser tests skip, with a message, unless {@code CI} is set: in CI they
 * must run.
 */
public final class Browser {

    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private Browser() {
    }

    public static ChromeDriver start() throws IOException {
        String chromium = firstExisting(CHROMIUM);
        String driver = firstExisting(DRIVER);
        if (chromium == null || driver == null) {
            Prerequisite.missing("Browser tests need Debian's chromium and chromium-driver "
                    + "(apt-get install -y chromium chromium-driver); none found");
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium)
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                        "--window-size=1280,1700",
                        "--user-data-dir=" + Files.createTempDirectory("switchboard-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build();
        return new ChromeDriver(service, options);
    }

    private static String firstExisting(List<String> paths) {
        return paths.stream().filter(p -> new File(p).canExecute()).findFirst().orElse(null);
    }
}
