package io.switchboard.events;

import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.topic.TopicPattern;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;

import java.lang.annotation.Annotation;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A CDI extension that notes, while the deployment starts, which topics and patterns observer methods of {@link
 * ServerFrame.Message} name with {@link Topic}: CDI matches qualifier values exactly, so the hub subscribes to each
 * of them and fires each message with the pattern that matched it. A pattern that is not one fails the deployment.
 */
public class TopicObservers implements Extension {

    private final Set<String> patterns = ConcurrentHashMap.newKeySet();

    void collect(@Observes ProcessObserverMethod<ServerFrame.Message, ?> observer) {
        for (Annotation qualifier : observer.getObserverMethod().getObservedQualifiers()) {
            if (qualifier instanceof Topic topic) {
                try {
                    TopicPattern.of(topic.value());
                    patterns.add(topic.value());
                } catch (SwitchboardException e) {
                    observer.addDefinitionError(new IllegalArgumentException("@Topic(\"" + topic.value() + "\") on "
                            + observer.getObserverMethod() + ": " + e.getMessage()));
                }
            }
        }
    }

    /** The topics and patterns observed, as written. */
    public Set<String> patterns() {
        return Set.copyOf(patterns);
    }
}
