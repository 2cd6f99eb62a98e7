package io.switchboard.client;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.SwitchboardException;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The links under a client, one after another, run on the client's loop thread: opening one, taking what it
 * reports from the container's threads, and, when it ends, whether and when to open the next (backoff and jitter,
 * or once the handlers caught up), or to stop for good. What is said on a link is the {@link Exchange}'s.
 */
final class Connection implements Link.Events {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());
    /** Closes after which reconnecting cannot help: the client sent what the server cannot take, or broke policy. */
    private static final Set<Integer> FINAL_CLOSE_CODES = Set.of(1003, 1008);
    /** ...except these: falling behind (not the client's fault alone), and a token a supplier can renew. */
    private static final Set<String> RETRYABLE_REASONS = Set.of("slow consumer", "token expired");
    /** The client's own close code when its handlers fell behind (4000-4999: for applications). */
    static final int HANDLERS_BEHIND = 4000;
    private static final long CATCH_UP_POLL_MILLIS = 20;

    private final SwitchboardClient client;
    private final ClientBuilder options;
    private final FrameCodec codec;
    private final ScheduledExecutorService loop;
    private final Dispatcher dispatcher;
    private final Backoff backoff;
    /** A thread per connection attempt: the handshake blocks, and so may the token supplier. */
    private final ThreadFactory openers;
    private final Outgoing outgoing;
    private final Exchange exchange;
    private Link link;
    private int attempt;
    /** Closed by the application, or for good by the server. */
    private boolean closed;
    /** The handlers fell behind: the next link waits until they caught up. */
    private boolean behind;

    Connection(SwitchboardClient client, ClientBuilder options, FrameCodec codec, ScheduledExecutorService loop,
               Dispatcher dispatcher, ThreadFactory openers) {
        this.client = client;
        this.options = options;
        this.codec = codec;
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.openers = openers;
        this.backoff = new Backoff(options.initialDelay, options.maxDelay);
        this.outgoing = new Outgoing(this::onLoop);
        this.exchange = new Exchange(client, codec, dispatcher, outgoing, options.maxQueued, this::fallBehind);
    }

    Exchange exchange() {
        return exchange;
    }

    void open() {
        if (closed) {
            return;
        }
        openers.newThread(() -> {
            try {
                Link.open(options.container, options.uri, options.token.get(), options.maxFrameBytes, this);
            } catch (Exception | LinkageError e) {
                onLoop(() -> failedToOpen(e));
            }
        }).start();
    }

    CompletableFuture<ServerFrame> request(Function<String, io.switchboard.protocol.ClientFrame> make) {
        if (closed) {
            return CompletableFuture.failedFuture(SwitchboardError.closed());
        }
        return exchange.request(make, id -> loop.schedule(() -> exchange.timedOut(id),
                options.requestTimeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    void close() {
        if (link != null) {
            link.close(1000, "client closed");
        }
        end("The client is closed");
    }

    // -- what the links report (container threads) ------------------------------------------------------------------

    @Override
    public void opened(Link opened) {
        onLoop(() -> {
            if (closed) {
                opened.close(1000, "client closed");
            } else {
                link = opened;
                outgoing.attach(opened);
            }
        });
    }

    @Override
    public void text(Link from, String text) {
        ServerFrame frame;
        try {
            frame = codec.decodeServerFrame(text);
        } catch (SwitchboardException e) {
            LOG.log(Level.FINE, "Skipped a frame this client cannot read (a newer server?): {0}", e.getMessage());
            return;
        }
        onLoop(() -> {
            if (from == link) {
                if (frame instanceof ServerFrame.Welcome) {
                    attempt = 0; // welcomed: the next outage starts its backoff from the beginning
                }
                exchange.receive(frame);
            }
        });
    }

    @Override
    public void closed(Link from, int code, String reason) {
        onLoop(() -> {
            if (from == link) {
                lost(code, reason);
            }
        });
    }

    /** Hands what a link reported to the loop; after {@link SwitchboardClient#close()} there is none to take it. */
    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException closedAlready) {
            // the client is closed: nothing waits for what the link says now
        }
    }

    // -- links ending ----------------------------------------------------------------------------------------------

    private void failedToOpen(Throwable failure) {
        int status = HandshakeStatus.of(failure);
        if (status == 401 || status == 403) {
            client.tell(listener -> listener.onClose(1008, "handshake refused with HTTP " + status));
            end("The server refused the handshake with HTTP " + status);
        } else {
            lost(1006, "cannot connect: " + failure.getMessage());
        }
    }

    private void lost(int code, String reason) {
        link = null;
        outgoing.detach();
        exchange.linkLost();
        client.tell(listener -> listener.onClose(code, reason));
        if (closed) {
            return;
        }
        if (FINAL_CLOSE_CODES.contains(code) && !RETRYABLE_REASONS.contains(reason)) {
            end("The server ended the connection for good: " + code + " " + reason);
            return;
        }
        client.state(State.RECONNECTING);
        if (behind) {
            awaitHandlers();
        } else {
            reconnectLater();
        }
    }

    private void reconnectLater() {
        Duration delay = backoff.delay(attempt, ThreadLocalRandom.current()::nextDouble);
        int number = ++attempt;
        client.tell(listener -> listener.onReconnecting(number, delay));
        loop.schedule(this::open, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The handlers' queue is full: stop reading by closing this link. */
    private void fallBehind() {
        behind = true;
        link.close(HANDLERS_BEHIND, "handlers fell behind");
    }

    /** Reconnects once the handlers are down to half their queue. */
    private void awaitHandlers() {
        if (closed) {
            return;
        }
        if (dispatcher.waitingMessages() > dispatcher.maxMessages() / 2) {
            loop.schedule(this::awaitHandlers, CATCH_UP_POLL_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        behind = false;
        int number = ++attempt;
        client.tell(listener -> listener.onReconnecting(number, Duration.ZERO));
        open();
    }

    private void end(String why) {
        closed = true;
        exchange.end(why);
        client.state(State.CLOSED);
    }
}
