package io.switchboard.client;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ClientFrame.Since;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * What the client and the server say to each other on a link: the subscriptions renewed on each welcome (exact
 * topics from their last message), the requests and their answers, and the messages handed to the handlers, each
 * exact topic's position moving with them. Run on the client's loop thread; {@link Connection} says when links
 * begin and end.
 */
final class Exchange {

    private final SwitchboardClient client;
    private final FrameCodec codec;
    private final Dispatcher dispatcher;
    private final Outgoing outgoing;
    private final Runnable fellBehind;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Requests requests;
    /** The current link's welcome; null until it came, and between links. */
    private volatile ServerFrame.Welcome welcome;
    private CompletableFuture<ServerFrame.Welcome> nextWelcome = new CompletableFuture<>();
    /** False once the handlers fell behind: messages are not taken until the next welcome. */
    private boolean taking = true;

    /**
     * @param fellBehind what to do when the handlers' queue is full: stop reading (the next link resumes from the
     *                   last message taken)
     */
    Exchange(SwitchboardClient client, FrameCodec codec, Dispatcher dispatcher, Outgoing outgoing, int maxQueued,
             Runnable fellBehind) {
        this.client = client;
        this.codec = codec;
        this.dispatcher = dispatcher;
        this.outgoing = outgoing;
        this.requests = new Requests(maxQueued);
        this.fellBehind = fellBehind;
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

    /** Sends a request now, or when the next link is welcomed; {@code timeout} gives up on it (given its id). */
    CompletableFuture<ServerFrame> request(Function<String, ClientFrame> make,
                                           Function<String, Future<?>> timeout) {
        String id = requests.nextId();
        ClientFrame frame = make.apply(id);
        Requests.Pending pending = new Requests.Pending(frame, new CompletableFuture<>(), timeout.apply(id));
        if (welcome != null) {
            requests.sent(pending);
            transmit(frame);
        } else if (!requests.waitForConnection(pending)) {
            pending.fail(new SwitchboardError(SwitchboardError.QUEUE_FULL,
                    "Too many requests are waiting for the connection"));
        }
        return pending.answer();
    }

    void timedOut(String id) {
        requests.timedOut(id);
    }

    void receive(ServerFrame frame) {
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
        } else if (frame instanceof ServerFrame.Expiring expiring) {
            client.tell(listener -> listener.onExpiring(expiring.expiresAt()));
            client.renewToken();
        } else if (frame instanceof ServerFrame.Unsubscribed ended) {
            Subscriptions.Entry entry = subscriptions.get(ended.topic());
            if (entry != null) {
                subscriptions.remove(entry);
            }
            SwitchboardError why = new SwitchboardError(ended.code(), ended.message());
            client.tell(listener -> listener.onUnsubscribed(ended.topic(), why));
        } else {
            settle(frame);
        }
    }

    /** The link ended: requests sent on it fail; those waiting for one, and the subscriptions, wait on. */
    void linkLost() {
        welcome = null;
        requests.disconnected();
    }

    /** The client is closed: everything still waiting fails with {@code why}. */
    void end(String why) {
        requests.closed(why);
        nextWelcome.completeExceptionally(new SwitchboardError(SwitchboardError.CLOSED, why));
    }

    private void welcomed(ServerFrame.Welcome first) {
        welcome = first;
        taking = true;
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
        if (!taking || (exact != null && exact.sawAlready(message))) {
            return; // not taking: the next link resumes from the last message taken; or seen before an outage
        }
        List<Subscriptions.Handler<?>> handlers = subscriptions.handlersFor(message.topic());
        if (!handlers.isEmpty() && !dispatcher.offerMessage(() -> handlers.forEach(h -> h.deliver(codec, message)))) {
            taking = false;
            fellBehind.run();
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
        outgoing.send(codec.encode(frame));
    }
}
