package io.switchboard.api;

import io.switchboard.hub.ShutdownGate;
import io.switchboard.runtime.Liveness;
import io.switchboard.store.Durability;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /health} and MicroProfile Health report, in one place. Live: the JVM has not failed and the
 * housekeeping tasks run; an orchestrator restarts a node that is not. Ready: live, and not shutting down; a load
 * balancer sends no new clients to a node that is not, nor to one whose history store is unreachable.
 */
@ApplicationScoped
public class HealthChecks {

    @Inject
    Liveness liveness;
    @Inject
    ShutdownGate gate;
    @Inject
    Durability durability;

    /** What keeps the node from being live; empty when it is. */
    public List<String> livenessProblems() {
        return liveness.problems();
    }

    /** What keeps the node from taking new clients; empty when it may. */
    public List<String> readinessProblems() {
        List<String> problems = new ArrayList<>(liveness.problems());
        if (gate.isStopping()) {
            problems.add("shutting down");
        }
        durability.problem().ifPresent(problems::add);
        return problems;
    }
}
