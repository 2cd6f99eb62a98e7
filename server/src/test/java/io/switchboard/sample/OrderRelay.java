package io.switchboard.sample;

import io.switchboard.events.Topic;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.ServerFrame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;

/** Server code of an application deployed with the hub: it observes one topic and tells another what it saw. */
@ApplicationScoped
public class OrderRelay {

    @Inject
    Hub hub;

    void relay(@Observes @Topic("public.events.in.>") ServerFrame.Message message) {
        hub.publish("public.events.out", Json.createObjectBuilder().add("from", message.topic())
                .add("offset", message.offset()).add("data", message.data()).build());
    }
}
