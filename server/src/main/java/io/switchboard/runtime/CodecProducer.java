package io.switchboard.runtime;

import io.switchboard.protocol.FrameCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** The deployment's one {@link FrameCodec}: the protocol jar is shared with the Java client, so it knows no CDI. */
@ApplicationScoped
public class CodecProducer {

    @Produces
    @ApplicationScoped
    FrameCodec codec() {
        return new FrameCodec();
    }

    void release(@Disposes FrameCodec codec) {
        codec.close();
    }
}
