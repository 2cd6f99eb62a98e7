package io.switchboard.protocol;

import java.util.function.Supplier;

/**
 * Asked before a large frame is parsed whether it is refused anyway (a publish over its client's byte rate, say):
 * a refused frame then costs a glance at its header rather than a parse, and a frame the gate lets through by its
 * length alone costs nothing more. Called on the connection's reading thread.
 */
@FunctionalInterface
public interface FrameGate {

    /** Lets every frame through to the parser. */
    FrameGate OPEN = (length, type) -> null;

    /**
     * @param length the frame's length in chars
     * @param type   its {@code type}, read from the frame when asked for (null when it has none)
     * @return why it is refused, or null to parse it
     */
    SwitchboardException refusal(int length, Supplier<String> type);
}
