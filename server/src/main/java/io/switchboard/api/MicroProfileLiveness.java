package io.switchboard.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /health}'s liveness for servers with MicroProfile Health. Where the API is missing (Tomcat, WildFly
 * without its MicroProfile subsystem) CDI skips this class, and {@code /health/live} still answers.
 */
@Liveness
@ApplicationScoped
public class MicroProfileLiveness implements HealthCheck {

    @Inject
    HealthChecks checks;

    @Override
    public HealthCheckResponse call() {
        return MicroProfileReadiness.response("switchboard-live", checks.livenessProblems());
    }
}
