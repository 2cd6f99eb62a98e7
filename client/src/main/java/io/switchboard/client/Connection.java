package io.switchboard.client;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ClientFrame.Since;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.SwitchboardException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The client's state machine, run on its loop thread: which link is current, the subscriptions renewed on each
 * new one, the requests waiting for answers, the frames waiting to go out (one send at a time), and when to
 * reconnect. The links report from the container's threads; everything they report is handed to the loop.
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
    private final Subscriptions subscriptions = new Subscriptions();
    private final Requests requests;
    private final ArrayDeque<String> outgoing = new ArrayDeque<>();
    private boolean sending;
    private Link link;
    /** The current link's welcome; null until it came, and between links. */
    private volatile ServerFrame.Welcome welcome;
    private CompletableFuture<ServerFrame.Welcome> nextWelcome = new CompletableFuture<>();
    private int attempt;
    /** Closed by the application, or for good by the server. */
    private boolean closed;
    /** The handlers fell behind: reading stopped, and the next link waits until they caught up. */
    private boolean behind;

    Connection(SwitchboardClient client, ClientBuilder options, FrameCodec codec, ScheduledExecutorService loop,
               Dispatcher dispatcher) {
        this.client = client;
        this.options = options;
        this.codec = codec;
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.backoff = new Backoff(options.initialDelay, options.maxDelay);
        this.requests = new Requests(options.maxQueued);
    }

    // -- the loop's side -------------------------------------------------------------------------------------------

    /** Opens a link; the handshake, and the token supplier, may block, so neither runs on the loop. */
    void open() {
        if (closed) {
            return;
        }
        Thread opener = new Thread(() -> {
            try {
                Link.open(options.container, options.uri, options.token.get(), options.maxFrameBytes, this);
            } catch (Exception | LinkageError e) {
                loop.execute(() -> failedToOpen(e));
            }
        }, "switchboard-client-connect");
        opener.setDaemon(true);
        opener.start();
    }

    ServerFrame.Welcome welcome() {
        return welcome;
    }

    CompletableFuture<ServerFrame.Welcome> connected() {
        return welcome != null ? CompletableFuture.completedFuture(welcome) : nextWelcome;
    }

    Subscriptions.Entry subscribe(String topic, SubscribeOptions options, Subscriptions.Handler<?> handler) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("A topic or pattern is needed");
        }
        Subscriptions.Entry entry = subscriptions.get(topic);
        if (entry == null) {
            entry = new Subscriptions.Entry(topic, options);
            subscriptions.add(entry);
            if (welcome != null) {
                renew(entry);
            }
        }
        entry.handlers.add(handler);
        return entry;
    }

    void unsubscribe(Subscriptions.Entry entry, Subscriptions.Handler<?> handler) {
        entry.handlers.remove(handler);
        if (entry.handlers.isEmpty() && subscriptions.get(entry.topic) == entry) {
            subscriptions.remove(entry);
            if (welcome != null) {
                transmit(new ClientFrame.Unsubscribe(requests.nextId(), entry.topic));
            }
        }
    }

    CompletableFuture<ServerFrame> request(Function<String, ClientFrame> make) {
        if (closed) {
            return CompletableFuture.failedFuture(new SwitchboardError(SwitchboardError.CLOSED, "The client is closed"));
        }
        String id = requests.nextId();
        ClientFrame frame = make.apply(id);
        ScheduledFuture<?> timeout = loop.schedule(() -> requests.timedOut(id), options.requestTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        Requests.Pending pending = new Requests.Pending(frame, new CompletableFuture<>(), timeout);
        if (welcome != null) {
            requests.sent(pending);
            transmit(frame);
        } else if (!requests.waitForConnection(pending)) {
            pending.fail(new SwitchboardError(SwitchboardError.QUEUE_FULL,
                    "Too many requests are waiting for the connection"));
        }
        return pending.answer();
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
        loop.execute(() -> {
            if (closed) {
                opened.close(1000, "client closed");
            } else {
                link = opened;
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
        loop.execute(() -> {
            if (from == link) {
                receive(frame);
            }
        });
    }

    @Override
    public void closed(Link from, int code, String reason) {
        loop.execute(() -> {
            if (from == link) {
                lost(code, reason);
            }
        });
    }

    // -- frames ------------------------------------------------------------------------------------------------------

    private void receive(ServerFrame frame) {
        if (frame instanceof ServerFrame.Message message) {
            message(message);
        } else if (frame instanceof ServerFrame.Welcome first) {
            welcomed(first);
        } else if (frame instanceof ServerFrame.Ack ack) {
            acked(ack);
        } else if (frame instanceof ServerFrame.ErrorFrame error) {
            refused(error);
        } else if (frame instanceof ServerFrame.Join join) {
            client.tell(listener -> listener.onJoin(join));
        } else if (frame instanceof ServerFrame.Leave leave) {
            client.tell(listener -> listener.onLeave(leave));
        } else {
            settle(frame);
        }
    }

    private void welcomed(ServerFrame.Welcome first) {
        welcome = first;
        attempt = 0;
        client.state(State.CONNECTED);
        client.tell(listener -> listener.onOpen(first));
        subscriptions.all().forEach(this::renew);
        for (Requests.Pending pending : requests.takeWaiting()) {
            transmit(pending.frame());
        }
        nextWelcome.complete(first);
        nextWelcome = new CompletableFuture<>();
    }

    private void message(ServerFrame.Message message) {
        Subscriptions.Entry exact = subscriptions.get(message.topic());
        if (exact != null && !exact.exact) {
            exact = null;
        }
        if (behind || (exact != null && exact.sawAlready(message))) {
            return; // behind: the next link resumes from the last message taken; or seen before an outage
        }
        List<Subscriptions.Handler<?>> handlers = subscriptions.handlersFor(message.topic());
        if (!handlers.isEmpty() && !dispatcher.offerMessage(() -> handlers.forEach(h -> h.deliver(codec, message)))) {
            fallBehind();
            return;
        }
        if (exact != null) {
            exact.position = new Since(message.offset(), message.epoch());
        }
    }

    private void acked(ServerFrame.Ack ack) {
        Requests.Pending pending = requests.answered(ack.id());
        if (pending != null && pending.frame() instanceof ClientFrame.Subscribe subscribe) {
            Subscriptions.Entry entry = subscriptions.get(subscribe.topic());
            if (entry != null) {
                if (Boolean.TRUE.equals(ack.recovered())) {
                    client.tell(listener -> listener.onRecovered(ack.topic(), ack.offset()));
                } else if (Boolean.FALSE.equals(ack.recovered())) {
                    client.tell(listener -> listener.onLost(ack.topic(), ack.offset(), ack.epoch()));
                }
                if (ack.epoch() != null && (entry.position == null || Boolean.FALSE.equals(ack.recovered()))) {
                    entry.position = new Since(ack.offset(), ack.epoch());
                }
                entry.ready.complete(ack);
            }
        }
        if (pending != null) {
            pending.settle(ack);
        }
    }

    private void refused(ServerFrame.ErrorFrame frame) {
        SwitchboardError error = new SwitchboardError(frame.code(), frame.message());
        Requests.Pending pending = requests.answered(frame.id());
        if (pending == null) {
            client.tell(listener -> listener.onError(error));
            return;
        }
        if (pending.frame() instanceof ClientFrame.Subscribe subscribe) {
            Subscriptions.Entry entry = subscriptions.get(subscribe.topic());
            if (entry != null && !entry.ready.isDone()) {
                subscriptions.remove(entry); // refused from the start: not renewed on the next link
                entry.ready.completeExceptionally(error);
            } else {
                client.tell(listener -> listener.onError(error));
            }
        }
        pending.fail(error);
    }

    private void settle(ServerFrame frame) {
        String id = frame instanceof ServerFrame.History history ? history.id()
                : frame instanceof ServerFrame.Presence presence ? presence.id()
                : frame instanceof ServerFrame.Pong pong ? pong.id() : null;
        Requests.Pending pending = requests.answered(id);
        if (pending != null) {
            pending.settle(frame);
        }
    }

    /** Subscribes on the current link, exact topics from where they were. */
    private void renew(Subscriptions.Entry entry) {
        ClientFrame.Subscribe frame = new ClientFrame.Subscribe(requests.nextId(), entry.topic,
                entry.exact ? entry.position : null, entry.presence);
        requests.sent(new Requests.Pending(frame, new CompletableFuture<>(), null));
        transmit(frame);
    }

    private void transmit(ClientFrame frame) {
        outgoing.add(codec.encode(frame));
        pump();
    }

    private void pump() {
        if (sending || link == null || outgoing.isEmpty()) {
            return;
        }
        sending = true;
        Link current = link;
        current.send(outgoing.poll(), failure -> loop.execute(() -> {
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

    // -- links ending --------------------------------------------------------------------------------------------------

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
        welcome = null;
        outgoing.clear();
        sending = false;
        requests.disconnected();
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
        requests.closed(why);
        nextWelcome.completeExceptionally(new SwitchboardError(SwitchboardError.CLOSED, why));
        client.state(State.CLOSED);
    }
}
