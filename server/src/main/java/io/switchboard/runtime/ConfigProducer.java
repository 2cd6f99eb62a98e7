package io.switchboard.runtime;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Reads the configuration once per deployment and hands the immutable result to whoever injects it. */
@ApplicationScoped
public class ConfigProducer {

    private SwitchboardConfig config;

    @PostConstruct
    void load() {
        config = SwitchboardConfig.from(Settings.fromEnvironment());
    }

    @Produces
    SwitchboardConfig config() {
        return config;
    }
}
