package io.switchboard.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Raw {@code switchboard.*} settings, looked up MicroProfile-Config style: a system property wins over an
 * environment variable ({@code switchboard.max-subscriptions} is {@code SWITCHBOARD_MAX_SUBSCRIPTIONS}), which
 * wins over {@code switchboard.properties} on the application's class path.
 */
public final class Settings {

    static final String PROPERTIES_RESOURCE = "switchboard.properties";

    private final Function<String, String> systemProperties;
    private final Supplier<Set<String>> systemPropertyNames;
    private final Function<String, String> environment;
    private final Properties packaged;

    Settings(Function<String, String> systemProperties, Supplier<Set<String>> systemPropertyNames,
             Function<String, String> environment, Properties packaged) {
        this.systemProperties = systemProperties;
        this.systemPropertyNames = systemPropertyNames;
        this.environment = environment;
        this.packaged = packaged;
    }

    public static Settings fromEnvironment() {
        return new Settings(System::getProperty, () -> System.getProperties().stringPropertyNames(), System::getenv,
                packagedProperties());
    }

    public static Settings of(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        return new Settings(name -> null, Set::of, name -> null, properties);
    }

    /**
     * The names that start with {@code prefix}, from system properties and {@code switchboard.properties}: names
     * that carry a topic pattern ({@code switchboard.topics."orders.>".history-size}) have no environment form.
     */
    public Set<String> namesStartingWith(String prefix) {
        Set<String> names = new TreeSet<>();
        systemPropertyNames.get().stream().filter(n -> n.startsWith(prefix)).forEach(names::add);
        packaged.stringPropertyNames().stream().filter(n -> n.startsWith(prefix)).forEach(names::add);
        return names;
    }

    public Optional<String> get(String name) {
        String value = systemProperties.apply(name);
        if (value == null) {
            value = environment.apply(environmentName(name));
        }
        if (value == null) {
            value = packaged.getProperty(name);
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** A whole number that must be above zero. */
    public int positive(String name, int fallback) {
        int value = whole(name, fallback);
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /** A whole number that may be zero (which turns a limit off, say). */
    public int nonNegative(String name, int fallback) {
        int value = whole(name, fallback);
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    /** A number of bytes, or a percentage of the maximum heap ({@code 20%}), so that budgets scale with -Xmx. */
    public long bytes(String name, String fallback) {
        String raw = get(name).orElse(fallback);
        try {
            long value = raw.endsWith("%")
                    ? (long) (Runtime.getRuntime().maxMemory() * Double.parseDouble(raw.substring(0, raw.length() - 1)) / 100)
                    : Long.parseLong(raw);
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, was " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of bytes or a percentage of the heap"
                    + " such as 20%, was '" + raw + "'", e);
        }
    }

    /** A comma-separated list, its items trimmed, empty ones left out. */
    public List<String> list(String name, String fallback) {
        return Arrays.stream(get(name).orElse(fallback).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private int whole(String name, int fallback) {
        String raw = get(name).orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + raw + "'", e);
        }
    }

    static String environmentName(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Properties packagedProperties() {
        Properties properties = new Properties();
        ClassLoader loader = Settings.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(PROPERTIES_RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + PROPERTIES_RESOURCE, e);
        }
        return properties;
    }
}
