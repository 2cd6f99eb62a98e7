package io.switchboard.hub;

import io.switchboard.runtime.Scheduler;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.topic.TopicEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;

/** Starts the hub's timers with the application, and closes sessions gracefully before it goes away. */
@ApplicationScoped
public class Housekeeping {

    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    @Inject
    SwitchboardConfig config;
    @Inject
    Scheduler scheduler;
    @Inject
    TopicEngine engine;
    @Inject
    ConnectionRegistry connections;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        scheduler.every(SWEEP_INTERVAL, "history sweep", engine::sweep);
        scheduler.every(config.heartbeat(), "heartbeat", connections::heartbeat);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object applicationStopping) {
        connections.shutdown(SHUTDOWN_GRACE);
    }
}
