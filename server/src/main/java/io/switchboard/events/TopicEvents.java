package io.switchboard.events;

import io.switchboard.protocol.ServerFrame;
import io.switchboard.topic.Publication;
import io.switchboard.topic.Subscriber;
import io.switchboard.topic.TopicEngine;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands the messages of every observed topic or pattern ({@link TopicObservers}) to CDI observers: one subscription
 * per pattern, as a client of the hub would hold, and one thread of its own that fires the events in the order
 * each topic's messages came, so that an observer never holds up the hub's fan-out. What the observers have not
 * taken yet is bounded: past it, messages are dropped for them, counted and logged, since a stuck observer must not
 * cost the hub its memory.
 */
@ApplicationScoped
public class TopicEvents {

    private static final Logger LOG = Logger.getLogger(TopicEvents.class.getName());
    /** Messages waiting for the observers, all patterns together. */
    static final int MAX_WAITING = 10_000;

    @Inject
    TopicObservers observers;
    @Inject
    TopicEngine engine;
    @Inject
    Event<ServerFrame.Message> events;

    private final BlockingQueue<Runnable> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
    private final List<Observing> subscriptions = new ArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private Thread firing;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (observers.patterns().isEmpty()) {
            return;
        }
        firing = new Thread(this::fire, "switchboard-topic-events");
        firing.setDaemon(true);
        firing.start();
        for (String pattern : observers.patterns()) {
            Observing observing = new Observing(pattern);
            engine.subscribe(observing, TopicPattern.of(pattern), null, false, inForce -> {
            });
            subscriptions.add(observing);
        }
        LOG.info("CDI observers of " + observers.patterns() + " receive those topics' messages");
    }

    /** Messages the observers were too far behind to take since the start. */
    public long dropped() {
        return dropped.get();
    }

    private void fire() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                waiting.take().run();
            } catch (InterruptedException stopping) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A CDI observer of a Switchboard topic failed; the next message is observed all "
                        + "the same", e);
            }
        }
    }

    @PreDestroy
    void stop() {
        for (Observing observing : subscriptions) {
            try {
                engine.unsubscribe(observing, TopicPattern.of(observing.pattern));
            } catch (RuntimeException engineGone) {
                // undeploying: the engine may be gone first, and with it the subscription
            }
        }
        if (firing != null) {
            firing.interrupt();
        }
    }

    /** The hub's side of one observed pattern. The engine calls it under a topic's lock: it only queues. */
    private final class Observing implements Subscriber {

        private final String pattern;
        private final Topic qualifier;

        Observing(String pattern) {
            this.pattern = pattern;
            this.qualifier = Topic.Literal.of(pattern);
        }

        @Override
        public String session() {
            return "cdi:" + pattern;
        }

        @Override
        public String user() {
            return "server";
        }

        @Override
        public boolean mayRead(TopicName topic) {
            return true;
        }

        @Override
        public void deliver(Publication publication, String frame) {
            ServerFrame.Message message = publication.toFrame();
            if (!waiting.offer(() -> events.select(qualifier).fire(message))
                    && dropped.getAndIncrement() % MAX_WAITING == 0) {
                LOG.warning("CDI observers of " + pattern + " are " + MAX_WAITING + " messages behind; messages are "
                        + "dropped for them (" + dropped.get() + " so far)");
            }
        }

        @Override
        public void missed(TopicName topic, long firstOffset, long lastOffset) {
            LOG.warning(() -> "CDI observers of " + pattern + " miss messages " + firstOffset + " to " + lastOffset
                    + " of " + topic + ": this node fell behind its cluster by more than the cluster keeps");
        }

        @Override
        public long roomChars() {
            return Long.MAX_VALUE;
        }

        @Override
        public long roomFrames() {
            return waiting.remainingCapacity();
        }

        @Override
        public void send(String frame) {
            // join and leave: not asked for
        }
    }
}
