package io.switchboard.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Mounts the JAX-RS resources under {@code /api}, leaving {@code /} to the dashboard and {@code /ws} to WebSocket. */
@ApplicationPath("api")
public class RestApplication extends Application {
}
