package io.switchboard.testing;

import io.switchboard.hub.Hub;
import io.switchboard.hub.SessionClosed;
import io.switchboard.hub.SessionOpened;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Server-side code as an application would write it, deployed with the WAR in ProtocolIT: it observes the
 * session events and publishes them through the injected {@link Hub}.
 */
@ApplicationScoped
public class SessionAuditor {

    public static final String TOPIC = "public.audit.sessions";

    @Inject
    Hub hub;

    void opened(@Observes SessionOpened event) {
        hub.publish(TOPIC, Map.of("event", "opened", "session", event.session()));
    }

    void closed(@Observes SessionClosed event) {
        hub.publish(TOPIC, Map.of("event", "closed", "session", event.session(), "code", event.closeCode()));
    }
}
