package io.switchboard.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/** {@code /health}'s readiness for servers with MicroProfile Health; see {@link MicroProfileLiveness}. */
@Readiness
@ApplicationScoped
public class MicroProfileReadiness implements HealthCheck {

    @Inject
    HealthChecks checks;

    @Override
    public HealthCheckResponse call() {
        return response("switchboard-ready", checks.readinessProblems());
    }

    static HealthCheckResponse response(String name, List<String> problems) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name).status(problems.isEmpty());
        if (!problems.isEmpty()) {
            response.withData("problems", String.join("; ", problems));
        }
        return response.build();
    }
}
