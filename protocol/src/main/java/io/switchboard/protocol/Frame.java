package io.switchboard.protocol;

/** One JSON object in one WebSocket text frame; {@code type} names its kind. */
public sealed interface Frame permits ClientFrame, ServerFrame {
}
