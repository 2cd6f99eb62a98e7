package io.switchboard.sample;

import io.switchboard.hub.Hub;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * Server code that announces what a transaction did, once it committed: {@code POST /api/sample-orders?id=7} places
 * an order and publishes it on commit; with {@code &fail=true} the transaction rolls back, and nothing is published.
 */
@Path("sample-orders")
@RequestScoped
public class OrderDesk {

    @Inject
    Hub hub;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public void place(@QueryParam("id") int id, @QueryParam("fail") boolean fail) {
        hub.publishOnCommit("public.events.orders", Map.of("id", id));
        if (fail) {
            throw new IllegalStateException("order " + id + " failed; its transaction rolls back");
        }
    }
}
