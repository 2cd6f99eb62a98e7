package io.switchboard.metrics;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/stats} (JSON) and {@code GET /api/metrics} (Prometheus text) of this node. */
@Path("")
@RequestScoped
public class StatsResource {

    @Inject
    StatsCollector stats;

    @GET
    @Path("stats")
    @Produces(MediaType.APPLICATION_JSON)
    public HubStats stats() {
        return stats.snapshot();
    }

    @GET
    @Path("metrics")
    @Produces(PrometheusFormat.CONTENT_TYPE)
    public String metrics() {
        return PrometheusFormat.render(stats.snapshot());
    }
}
