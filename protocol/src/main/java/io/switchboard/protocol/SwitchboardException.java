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

    /**
     * The refusal inside a failed stage ({@link java.util.concurrent.CompletionException} and
     * {@link java.util.concurrent.ExecutionException} unwrapped), or null if the failure was something else.
     */
    public static SwitchboardException in(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof SwitchboardException)) {
            cause = cause.getCause();
        }
        return (SwitchboardException) cause;
    }
}
