package io.switchboard.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts Maven wrote into the build, such as the version announced in {@code welcome.server.version}. */
public final class BuildInfo {

    private static final String VERSION = load().getProperty("version", "unknown");

    private BuildInfo() {
    }

    public static String version() {
        return VERSION;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
