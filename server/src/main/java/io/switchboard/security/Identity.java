package io.switchboard.security;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;

import java.time.Instant;
import java.util.List;

/**
 * An authenticated (or anonymous) client and its permissions. Denials say {@code unauthorized} to anonymous
 * clients, who might succeed with a token, and {@code forbidden} to users whose token does not allow the action.
 *
 * @param user      the token's {@code sub}; null when anonymous
 * @param subscribe patterns of topics the client may read (subscribe, history, presence)
 * @param publish   patterns of topics the client may write
 * @param admin     reads and writes every topic, except that nobody but the server writes {@code sys.}
 * @param expiresAt when the token stops being valid; null for anonymous clients
 */
public record Identity(String user, List<TopicPattern> subscribe, List<TopicPattern> publish, boolean admin,
                       Instant expiresAt) {

    public static Identity anonymous(List<TopicPattern> subscribe, List<TopicPattern> publish) {
        return new Identity(null, List.copyOf(subscribe), List.copyOf(publish), false, null);
    }

    public boolean isAnonymous() {
        return user == null;
    }

    public boolean canRead(TopicName topic) {
        return admin || subscribe.stream().anyMatch(p -> p.matches(topic));
    }

    public void requireRead(TopicName topic) {
        if (!canRead(topic)) {
            throw denied("read", topic.value());
        }
    }

    /**
     * A wildcard subscription is accepted when it can match at least one readable topic; it then delivers only
     * readable topics, which is how {@code >} means "everything this client may read".
     */
    public void requireSubscribe(TopicPattern pattern) {
        if (!maySubscribe(pattern)) {
            throw denied("subscribe to", pattern.value());
        }
    }

    /** Whether {@link #requireSubscribe} lets {@code pattern} through. */
    public boolean maySubscribe(TopicPattern pattern) {
        return pattern.isExact()
                ? canRead(pattern.asTopic())
                : admin || subscribe.stream().anyMatch(p -> p.overlaps(pattern));
    }

    public void requirePublish(TopicName topic) {
        if (topic.isSystem()) {
            throw new SwitchboardException(ErrorCode.FORBIDDEN,
                    "Topics under 'sys.' are written by the server only");
        }
        if (!admin && publish.stream().noneMatch(p -> p.matches(topic))) {
            throw denied("publish to", topic.value());
        }
    }

    /** @param action what only admins may do, as a phrase: "manage connections" */
    public void requireAdmin(String action) {
        if (!admin) {
            throw new SwitchboardException(isAnonymous() ? ErrorCode.UNAUTHORIZED : ErrorCode.FORBIDDEN,
                    "Only admins may " + action);
        }
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    private SwitchboardException denied(String action, String topic) {
        return isAnonymous()
                ? new SwitchboardException(ErrorCode.UNAUTHORIZED,
                        "Anonymous clients may not " + action + " '" + topic + "'; connect with a token that allows it")
                : new SwitchboardException(ErrorCode.FORBIDDEN,
                        "Your token does not allow you to " + action + " '" + topic + "'");
    }
}
