package io.switchboard.hub;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.topic.Publication;
import io.switchboard.topic.TopicEngine;
import io.switchboard.topic.TopicName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The CDI API for code running in the same server: {@code @Inject Hub hub; hub.publish("orders.created", order);}
 * Server code is trusted: no permission check, and it may publish to {@code sys.} topics.
 */
@ApplicationScoped
public class Hub {

    private static final Logger LOG = Logger.getLogger(Hub.class.getName());

    /** The publisher that server code publishes as. */
    static final String SERVER = "server";

    @Inject
    TopicEngine engine;
    @Inject
    FrameCodec codec;
    @Inject
    Event<AfterCommit> afterCommit;

    /**
     * Publishes {@code data} (a JSON-P value, or any object JSON-B can serialize) to {@code topic}, and returns once
     * it is committed (a durable topic) or delivered to the send queues (a topic in memory).
     *
     * @throws SwitchboardException {@code invalid_topic} for a malformed or wildcard topic; {@code unavailable}
     *                              when the store is down or behind: the message was not published
     */
    public Publication publish(String topic, Object data) {
        return publish(TopicName.of(topic), codec.toJsonValue(data));
    }

    public Publication publish(TopicName topic, JsonValue data) {
        return publish(topic, data, SERVER);
    }

    /** Publishes for a client ({@code publisher}: its key), who shares the store's waiting room with the others. */
    public Publication publish(TopicName topic, JsonValue data, String publisher) {
        try {
            return engine.publish(topic, data, publisher).toCompletableFuture().join();
        } catch (CompletionException e) {
            SwitchboardException refusal = SwitchboardException.in(e);
            throw refusal != null ? refusal : e;
        }
    }

    /**
     * Publishes once the current JTA transaction has committed, and not at all if it rolls back: for a message that
     * announces what the transaction did. Without a transaction (and on Tomcat, which has none) it publishes at
     * once. The data is turned into JSON now, inside the transaction. Nothing waits for the ack; a refusal after
     * the commit is logged.
     *
     * @throws SwitchboardException {@code invalid_topic} at once, for a malformed or wildcard topic
     */
    public void publishOnCommit(String topic, Object data) {
        afterCommit.fire(new AfterCommit(TopicName.of(topic), codec.toJsonValue(data)));
    }

    /** A publication waiting for its transaction to commit. */
    record AfterCommit(TopicName topic, JsonValue data) {
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) AfterCommit publication) {
        engine.publish(publication.topic(), publication.data(), SERVER).whenComplete((published, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "A message published on commit to " + publication.topic() + " was refused: "
                        + failure.getMessage());
            }
        });
    }

    /** Like {@link #publish(String, Object)}, without waiting for the commit. */
    public CompletionStage<Publication> publishAsync(String topic, Object data) {
        return engine.publish(TopicName.of(topic), codec.toJsonValue(data), SERVER);
    }
}
