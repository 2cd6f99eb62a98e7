package io.switchboard.client;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Frames waiting to go out on the current link, sent one at a time as the WebSocket API asks of asynchronous sends.
 * The client's loop thread's own; a send's completion comes back through the loop.
 */
final class Outgoing {

    private final Executor loop;
    private final ArrayDeque<String> frames = new ArrayDeque<>();
    private Link link;
    private boolean sending;

    Outgoing(Executor loop) {
        this.loop = loop;
    }

    /** Sends on {@code link} from now on, what is queued first. */
    void attach(Link current) {
        link = current;
        sending = false;
        pump();
    }

    /** The link ended: what was queued for it is dropped (requests are answered by the disconnect). */
    void detach() {
        link = null;
        sending = false;
        frames.clear();
    }

    void send(String frame) {
        frames.add(frame);
        pump();
    }

    private void pump() {
        if (sending || link == null || frames.isEmpty()) {
            return;
        }
        sending = true;
        Link current = link;
        current.send(frames.poll(), failure -> loop.execute(() -> {
            if (current != link) {
                return;
            }
            sending = false;
            if (failure != null) {
                current.close(1011, "send failed"); // reported back as closed: the client reconnects
            } else {
                pump();
            }
        }));
    }
}
