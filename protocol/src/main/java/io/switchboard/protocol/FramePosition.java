package io.switchboard.protocol;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;

/**
 * Where a server frame leaves its topic: the {@code topic}, {@code offset} and {@code epoch} of a {@code message},
 * or of an {@code ack} that has them (an exact subscription's, with {@code recovered} when it resumed). Read by
 * streaming: a message's fields come before its {@code data}, where the reading stops, so following a stream's
 * positions costs no parse of what it carries.
 *
 * @param recovered an ack's {@code recovered}, or null
 */
public record FramePosition(String type, String topic, long offset, String epoch, Boolean recovered) {

    public boolean isMessage() {
        return "message".equals(type);
    }

    /** The position {@code text} tells, or null when it tells none (another type, or no offset). */
    static FramePosition peek(JsonParserFactory parsers, String text) {
        try (JsonParser parser = parsers.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return null;
            }
            String type = null;
            String topic = null;
            String epoch = null;
            long offset = -1;
            Boolean recovered = null;
            while (parser.next() == JsonParser.Event.KEY_NAME) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                switch (key) {
                    case "type" -> type = value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
                    case "topic" -> topic = value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
                    case "epoch" -> epoch = value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
                    case "offset" -> offset = value == JsonParser.Event.VALUE_NUMBER ? parser.getLong() : -1;
                    case "recovered" -> recovered = value == JsonParser.Event.VALUE_TRUE ? Boolean.TRUE
                            : value == JsonParser.Event.VALUE_FALSE ? Boolean.FALSE : null;
                    default -> {
                        if (value == JsonParser.Event.START_OBJECT) {
                            parser.skipObject();
                        } else if (value == JsonParser.Event.START_ARRAY) {
                            parser.skipArray();
                        }
                    }
                }
                if (!"message".equals(type) && !"ack".equals(type)) {
                    return null; // the codec writes the type first
                }
                if ("message".equals(type) && topic != null && epoch != null && offset >= 0) {
                    return new FramePosition(type, topic, offset, epoch, null);
                }
            }
            return topic != null && epoch != null && offset >= 0
                    ? new FramePosition(type, topic, offset, epoch, recovered) : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
