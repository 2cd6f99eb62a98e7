package io.switchboard.hub;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicEngine;
import io.switchboard.topic.TopicName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;

/**
 * The CDI API for code running in the same server: {@code @Inject Hub hub; hub.publish("orders.created", order);}
 * Server code is trusted: no permission check, and it may publish to {@code sys.} topics.
 */
@ApplicationScoped
public class Hub {

    @Inject
    TopicEngine engine;
    @Inject
    FrameCodec codec;

    /**
     * Publishes {@code data} (a JSON-P value, or any object JSON-B can serialize) to {@code topic}.
     *
     * @throws io.switchboard.protocol.SwitchboardException {@code invalid_topic} for a malformed or wildcard topic
     */
    public Publication publish(String topic, Object data) {
        return publish(TopicName.of(topic), codec.toJsonValue(data));
    }

    public Publication publish(TopicName topic, JsonValue data) {
        return engine.publish(topic, data);
    }
}
