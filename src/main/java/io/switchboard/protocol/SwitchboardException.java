package io.switchboard.protocol;

/**
 * A request the hub refuses, with the wire code and a sentence for a human. Thrown by the control layer and
 * turned into an {@code error} frame or a JSON error response at the boundary.
 */
public class SwitchboardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public SwitchboardException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
