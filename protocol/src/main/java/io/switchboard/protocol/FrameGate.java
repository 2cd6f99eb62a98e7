package io.switchboard.protocol;

/**
 * Asked before a large frame is parsed whether it is refused anyway (a publish over its client's byte rate, say):
 * a refused frame then costs a glance at its header rather than a parse. Called on the connection's reading thread.
 */
@FunctionalInterface
public interface FrameGate {

    /** Lets every frame through to the parser. */
    FrameGate OPEN = (type, length) -> null;

    /**
     * @param type   the frame's {@code type}
     * @param length its length in chars
     * @return why it is refused, or null to parse it
     */
    SwitchboardException refusal(String type, int length);
}
