/**
 * CDI in and out, for code deployed with the hub: observing a topic's messages as CDI events ({@link
 * io.switchboard.events.Topic}, delivered by {@link io.switchboard.events.TopicEvents} from the topics that
 * {@link io.switchboard.events.TopicObservers} found observed), and publishing once a transaction has committed
 * ({@link io.switchboard.hub.Hub#publishOnCommit}).
 */
package io.switchboard.events;
