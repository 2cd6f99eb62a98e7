package io.switchboard.api;

/** The answer to a REST publish: where the message landed. */
public record Published(String topic, long offset, String epoch) {
}
