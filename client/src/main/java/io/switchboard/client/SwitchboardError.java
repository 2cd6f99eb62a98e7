package io.switchboard.client;

/**
 * A request the server refused, with the wire's error code ({@code forbidden}, {@code invalid_topic}, ...; see
 * docs/protocol.md), or one the client gave up on, with one of the codes below.
 */
public class SwitchboardError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The connection closed before the answer came; the request may or may not have taken effect. */
    public static final String DISCONNECTED = "disconnected";
    /** More requests wait for the connection than the client holds ({@link ClientBuilder#maxQueued(int)}). */
    public static final String QUEUE_FULL = "queue_full";
    /** No answer within {@link ClientBuilder#requestTimeout(java.time.Duration)}. */
    public static final String TIMEOUT = "timeout";
    /** The client is closed. */
    public static final String CLOSED = "closed";

    private final String code;

    public SwitchboardError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static SwitchboardError closed() {
        return new SwitchboardError(CLOSED, "The client is closed");
    }

    /** The wire code, or one of the client's own above. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return "SwitchboardError[" + code + "]: " + getMessage();
    }
}
