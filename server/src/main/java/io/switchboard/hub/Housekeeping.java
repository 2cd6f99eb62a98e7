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

/**
 * Starts the hub's timers with the application, and closes sessions gracefully before it goes away: on undeploy
 * through CDI, and on a JVM stop (SIGTERM) through a shutdown hook, because some containers (Payara Micro among
 * them) close their sockets on SIGTERM without undeploying first. The hook is removed on undeploy, so that a
 * redeployed application does not leak it.
 */
@ApplicationScoped
public class Housekeeping {

    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    static final Duration LINGER_CHECK_INTERVAL = Duration.ofSeconds(1);

    @Inject
    SwitchboardConfig config;
    @Inject
    Scheduler scheduler;
    @Inject
    TopicEngine engine;
    @Inject
    ConnectionRegistry connections;
    @Inject
    Heartbeats heartbeats;

    private Thread shutdownHook;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        scheduler.every(SWEEP_INTERVAL, "history sweep", engine::sweep);
        scheduler.every(config.heartbeat(), "heartbeat", heartbeats::beat);
        scheduler.every(LINGER_CHECK_INTERVAL, "lingering connections", connections::releaseLingering);
        ConnectionRegistry registry = connections;
        Duration grace = config.shutdownGrace();
        shutdownHook = new Thread(() -> registry.shutdown(grace), "switchboard-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object applicationStopping) {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmStopping) {
            // the hook is already running this same shutdown
        }
        connections.shutdown(config.shutdownGrace());
    }
}
