package io.switchboard.hub;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.FrameGate;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.Liveness;
import io.switchboard.runtime.SwitchboardConfig;
import io.switchboard.security.ClientQuotas;
import io.switchboard.security.Identity;
import io.switchboard.security.RateLimiter;
import io.switchboard.security.TokenService;
import io.switchboard.topic.Member;
import io.switchboard.topic.Position;
import io.switchboard.topic.TopicEngine;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries out what clients ask over {@code /ws}: rate limit, validate, authorize, delegate to the engine, answer.
 * Every refusal becomes an {@code error} frame with the request's id; the connection stays open except for
 * sustained rate abuse.
 */
@ApplicationScoped
public class CommandHandler {

    private static final Logger LOG = Logger.getLogger(CommandHandler.class.getName());

    @Inject
    SwitchboardConfig config;
    @Inject
    TopicEngine engine;
    @Inject
    ShutdownGate gate;
    @Inject
    ClientQuotas quotas;
    @Inject
    FrameCodec codec;
    @Inject
    HubCounters counters;
    @Inject
    Liveness liveness;
    @Inject
    TokenService tokens;
    @Inject
    TokenExpiry expiry;

    /**
     * What this handler would refuse anyway, asked before a large frame of {@code connection} is parsed: a publish
     * over its client's byte rate. Under a flood of the largest frames that is most of them, and parsing them was
     * most of what they cost.
     */
    FrameGate gateFor(Connection connection) {
        return (length, type) -> {
            SwitchboardException refusal = quotas.publishRefusal(connection.identity(), connection.client(), length);
            return refusal != null && "publish".equals(type.get()) ? refusal : null;
        };
    }

    /** Handles one frame of {@code length} chars, as the client sent it (or as an event stream asked for it). */
    public void handle(Connection connection, ClientFrame frame, int length) {
        connection.heard();
        if (frame instanceof ClientFrame.Oversized) {
            counters.error(ErrorCode.TOO_LARGE);
            connection.close(CloseReason.CloseCodes.TOO_BIG.getCode(), "frame too big");
            return;
        }
        RateLimiter.Verdict verdict = connection.admit();
        if (verdict == RateLimiter.Verdict.ABUSIVE) {
            counters.error(ErrorCode.RATE_LIMITED);
            connection.close(ConnectionRegistry.POLICY_VIOLATION, "rate limit exceeded");
            return;
        }
        try {
            if (verdict == RateLimiter.Verdict.LIMITED) {
                throw new SwitchboardException(ErrorCode.RATE_LIMITED, "Slow down: at most "
                        + config.ratePerSecond() + " commands a second; this one was dropped");
            }
            try (ShutdownGate.Admission admitted = gate.admit()) {
                dispatch(connection, frame, length);
            }
        } catch (SwitchboardException e) {
            refuse(connection, frame.id(), e);
        } catch (RuntimeException | Error e) {
            liveness.saw(e);
            LOG.log(Level.SEVERE, "Failed to handle " + frame.getClass().getSimpleName(), e);
            refuse(connection, frame.id(), new SwitchboardException(ErrorCode.INTERNAL,
                    "The server failed to handle this request; it has been logged"));
        }
    }

    private void dispatch(Connection connection, ClientFrame frame, int length) {
        if (frame instanceof ClientFrame.Publish publish) {
            publish(connection, publish, length);
        } else if (frame instanceof ClientFrame.Subscribe subscribe) {
            subscribe(connection, subscribe);
        } else if (frame instanceof ClientFrame.Unsubscribe unsubscribe) {
            unsubscribe(connection, unsubscribe);
        } else if (frame instanceof ClientFrame.History history) {
            history(connection, history);
        } else if (frame instanceof ClientFrame.Presence presence) {
            presence(connection, presence);
        } else if (frame instanceof ClientFrame.Ping ping) {
            connection.reply(new ServerFrame.Pong(ping.id()));
        } else if (frame instanceof ClientFrame.Refresh refresh) {
            refresh(connection, refresh);
        } else if (frame instanceof ClientFrame.Malformed malformed) {
            throw new SwitchboardException(malformed.code(), malformed.message());
        } else {
            throw new IllegalStateException("Unhandled frame " + frame);
        }
    }

    private void publish(Connection connection, ClientFrame.Publish publish, int length) {
        TopicName topic = TopicName.of(publish.topic());
        connection.identity().requirePublish(topic);
        quotas.admitPublish(connection.identity(), connection.client(), length);
        quotas.admitIfNew(engine, topic, connection.identity(), connection.client());
        // Held until the commit: shutdown waits for it, so that an acknowledged message reaches its subscribers.
        ShutdownGate.Admission committing = gate.admit();
        try {
            engine.publish(topic, publish.data(), connection.client()).whenComplete((publication, failure) -> {
                committing.close();
                if (failure != null) {
                    refuse(connection, publish.id(), refusalFor(failure));
                } else if (publish.id() != null) {
                    connection.reply(new ServerFrame.Ack(publish.id(), topic.value(), publication.offset(),
                            publication.epoch(), null));
                }
            });
        } catch (RuntimeException refused) {
            committing.close();
            throw refused;
        }
    }

    private void subscribe(Connection connection, ClientFrame.Subscribe subscribe) {
        TopicPattern pattern = TopicPattern.of(subscribe.topic());
        if (!pattern.isExact() && subscribe.since() != null) {
            throw new SwitchboardException(ErrorCode.BAD_REQUEST, "'since' needs an exact topic, not a wildcard");
        }
        if (!pattern.isExact() && subscribe.presence()) {
            throw new SwitchboardException(ErrorCode.BAD_REQUEST, "'presence' needs an exact topic, not a wildcard");
        }
        connection.identity().requireSubscribe(pattern);
        if (pattern.isExact()) {
            quotas.admitIfNew(engine, pattern.asTopic(), connection.identity(), connection.client());
        }
        connection.claim(pattern, config.maxSubscriptions());
        try {
            engine.subscribe(connection, pattern, position(subscribe.since()), subscribe.presence(), recovery -> {
                connection.reply(new ServerFrame.Ack(subscribe.id(), pattern.value(), recovery.lastOffset(),
                        recovery.epoch(), recovery.recovered()));
                recovery.missed().forEach(p -> connection.deliver(p, codec.encode(p.toFrame())));
            });
        } catch (RuntimeException e) {
            connection.release(pattern);
            throw e;
        }
        if (connection.isClosed()) {
            // The session ended while subscribing, after its cleanup ran: undo what the cleanup could not see.
            engine.unsubscribe(connection, pattern);
        }
    }

    private void unsubscribe(Connection connection, ClientFrame.Unsubscribe unsubscribe) {
        TopicPattern pattern = TopicPattern.of(unsubscribe.topic());
        if (connection.release(pattern)) {
            engine.unsubscribe(connection, pattern);
        }
        connection.reply(ServerFrame.Ack.of(unsubscribe.id(), pattern.value()));
    }

    /**
     * Swaps the session's token for a newer one of the same subject without reconnecting: what the new token no
     * longer allows ends with an {@code unsubscribed} frame, what it newly allows may be asked for, and its expiry
     * replaces the old one's. A token that does not verify is refused, and the session keeps the one it has.
     */
    private void refresh(Connection connection, ClientFrame.Refresh refresh) {
        Identity current = connection.identity();
        if (current.isAnonymous()) {
            throw new SwitchboardException(ErrorCode.BAD_REQUEST,
                    "An anonymous session has no token to refresh; connect with a token instead");
        }
        Identity next = tokens.authenticate(refresh.token());
        if (!current.user().equals(next.user())) {
            throw new SwitchboardException(ErrorCode.FORBIDDEN, "A refresh keeps the session's subject '"
                    + current.user() + "'; connect again to be someone else");
        }
        for (TopicPattern revoked : connection.reidentify(next)) {
            engine.unsubscribe(connection, revoked);
            connection.reply(new ServerFrame.Unsubscribed(revoked.value(), ErrorCode.FORBIDDEN.wireName(),
                    "Your new token does not allow you to subscribe to '" + revoked.value() + "'"));
        }
        expiry.watch(connection);
        connection.reply(ServerFrame.Ack.of(refresh.id(), null));
    }

    private void history(Connection connection, ClientFrame.History history) {
        TopicName topic = TopicName.of(history.topic());
        connection.identity().requireRead(topic);
        int limit = history.limit() == null ? engine.historyCapacity() : history.limit();
        connection.reply(HistoryPage.frame(history.id(), engine.history(topic, position(history.since()), limit)));
    }

    private void presence(Connection connection, ClientFrame.Presence presence) {
        TopicName topic = TopicName.of(presence.topic());
        connection.identity().requireRead(topic);
        List<Member> members = engine.presence(topic);
        connection.reply(new ServerFrame.Presence(presence.id(), topic.value(), members.size(),
                members.stream().map(m -> new ServerFrame.Presence.Client(m.session(), m.user())).toList()));
    }

    private SwitchboardException refusalFor(Throwable failure) {
        SwitchboardException refusal = SwitchboardException.in(failure);
        if (refusal != null) {
            return refusal;
        }
        liveness.saw(failure);
        LOG.log(Level.SEVERE, "Failed to publish", failure);
        return new SwitchboardException(ErrorCode.INTERNAL, "The server failed to publish this message; it has been logged");
    }

    private void refuse(Connection connection, String id, SwitchboardException e) {
        counters.error(e.code());
        connection.reply(ServerFrame.ErrorFrame.of(id, e));
    }

    private static Position position(ClientFrame.Since since) {
        return since == null ? null : new Position(since.offset(), since.epoch());
    }
}
