package io.switchboard.client;

import java.lang.reflect.Method;

/**
 * The HTTP status of a refused handshake. The WebSocket API reports a refusal as a {@link
 * jakarta.websocket.DeploymentException} with no status; Tyrus's cause carries it ({@code getHttpStatusCode()}),
 * so it is read from there when present.
 */
final class HandshakeStatus {

    private HandshakeStatus() {
    }

    /** The status, or 0 when the failure does not say. */
    static int of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            try {
                Method status = cause.getClass().getMethod("getHttpStatusCode");
                Object value = status.invoke(cause);
                if (value instanceof Integer code) {
                    return code;
                }
            } catch (ReflectiveOperationException | RuntimeException notThere) {
                // not Tyrus's: look further down
            }
        }
        return 0;
    }
}
