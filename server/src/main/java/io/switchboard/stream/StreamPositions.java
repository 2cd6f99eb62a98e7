package io.switchboard.stream;

import io.switchboard.protocol.ClientFrame.Since;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FramePosition;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.topic.TopicName;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where an event stream stands in each exact topic it carries, as its events' ids: {@code topic:epoch:offset},
 * comma-separated, for every topic with a position. The browser sends the last id back as {@code Last-Event-ID}
 * when it reconnects, so a dropped stream resumes each topic from its own offset, as a WebSocket {@code since}
 * does. Topics are dot-separated tokens and epochs base-36, so neither holds a colon or a comma. Touched only by
 * the stream's one writer.
 */
final class StreamPositions {

    /** Far beyond what a stream's subscriptions make (at most max-subscriptions topics of 200 chars). */
    static final int MAX_ID_CHARS = 64 * 1024;
    private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Set<String> exact;
    private final Map<String, Since> positions = new LinkedHashMap<>();

    /** @param exact the exact topics the stream subscribes to; {@code since} where it resumes each, if known */
    StreamPositions(Set<String> exact, Map<String, Since> since) {
        this.exact = exact;
        since.forEach((topic, position) -> {
            if (exact.contains(topic)) {
                positions.put(topic, position);
            }
        });
    }

    /**
     * The id of the event that carries the frame at {@code position}, or null when the stream's positions do not
     * move. A message moves its topic on; so does an ack, unless it resumed ({@code recovered:true}): the
     * messages it recovered follow it, and each moves the topic on in turn.
     */
    String after(FramePosition position) {
        if (position == null || !exact.contains(position.topic())
                || !position.isMessage() && Boolean.TRUE.equals(position.recovered())) {
            return null;
        }
        positions.put(position.topic(), new Since(position.offset(), position.epoch()));
        return id();
    }

    private String id() {
        StringBuilder id = new StringBuilder();
        positions.forEach((topic, since) -> {
            if (!id.isEmpty()) {
                id.append(',');
            }
            id.append(topic).append(':').append(since.epoch()).append(':').append(since.offset());
        });
        return id.toString();
    }

    /**
     * The positions a {@code Last-Event-ID} names.
     *
     * @throws SwitchboardException {@code bad_request} for an id this server did not make
     */
    static Map<String, Since> parse(String id) {
        Map<String, Since> since = new LinkedHashMap<>();
        if (id == null || id.isBlank()) {
            return since;
        }
        if (id.length() > MAX_ID_CHARS) {
            throw malformed("it is too long");
        }
        for (String entry : id.split(",", -1)) {
            String[] parts = entry.split(":", -1);
            if (parts.length != 3 || !EPOCH.matcher(parts[1]).matches()) {
                throw malformed("'" + entry + "' is not topic:epoch:offset");
            }
            long offset;
            try {
                offset = Long.parseLong(parts[2]);
            } catch (NumberFormatException e) {
                throw malformed("'" + parts[2] + "' is not an offset");
            }
            if (offset < 0) {
                throw malformed("'" + parts[2] + "' is not an offset");
            }
            since.put(TopicName.of(parts[0]).value(), new Since(offset, parts[1]));
        }
        return since;
    }

    private static SwitchboardException malformed(String why) {
        return new SwitchboardException(ErrorCode.BAD_REQUEST, "The Last-Event-ID is not one this server sent: "
                + why);
    }
}
