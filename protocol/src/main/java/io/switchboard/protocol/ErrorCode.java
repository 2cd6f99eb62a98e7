package io.switchboard.protocol;

import java.util.Locale;

/** The error codes of the wire contract, shared by WebSocket {@code error} frames and REST error bodies. */
public enum ErrorCode {
    BAD_JSON(400),
    BAD_REQUEST(400),
    UNKNOWN_TYPE(400),
    INVALID_TOPIC(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    TOO_LARGE(413),
    RATE_LIMITED(429),
    TOO_MANY_SUBSCRIPTIONS(429),
    /** An extension: a client brings new topics into being faster than its limit allows. */
    TOO_MANY_TOPICS(429),
    /** An extension: the client (its address, or its token's subject) holds as many connections as it may. */
    TOO_MANY_CONNECTIONS(429),
    /** An extension: the request's media type is not JSON (REST only). */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** An extension: the hub holds as many topics as it may; existing topics work as before. */
    TOPIC_LIMIT_REACHED(503),
    INTERNAL(500),
    /** An extension of the contract: the server is shutting down and accepts nothing new. */
    UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The name on the wire, e.g. {@code invalid_topic}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int httpStatus() {
        return httpStatus;
    }
}
