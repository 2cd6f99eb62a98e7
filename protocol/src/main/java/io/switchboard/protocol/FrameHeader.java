package io.switchboard.protocol;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;

/**
 * A client frame's {@code type} and {@code id}, read by streaming past everything else: what a refusal needs, so
 * that a large frame refused for its size or rate costs no tree of parsed JSON. Frames written by Switchboard's
 * clients put both first, and the reading stops there.
 *
 * @param type the frame's type
 * @param id   its request id, or null
 */
public record FrameHeader(String type, String id) {

    /** The header of {@code text}; null when it is not a JSON object with a string {@code type}. */
    static FrameHeader peek(JsonParserFactory parsers, String text) {
        try (JsonParser parser = parsers.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return null;
            }
            String type = null;
            String id = null;
            while (type == null || id == null) {
                if (parser.next() != JsonParser.Event.KEY_NAME) {
                    break; // the end of the object: no id
                }
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                if (value == JsonParser.Event.VALUE_STRING && key.equals("type")) {
                    type = parser.getString();
                } else if (value == JsonParser.Event.VALUE_STRING && key.equals("id")
                        && parser.getString().length() <= FrameCodec.MAX_ID_CHARS) {
                    id = parser.getString();
                } else if (value == JsonParser.Event.START_OBJECT) {
                    parser.skipObject();
                } else if (value == JsonParser.Event.START_ARRAY) {
                    parser.skipArray();
                }
            }
            return type == null ? null : new FrameHeader(type, id);
        } catch (RuntimeException unreadable) {
            return null; // the full decode says what is wrong with it
        }
    }
}
