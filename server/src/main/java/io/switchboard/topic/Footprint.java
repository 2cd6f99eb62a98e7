package io.switchboard.topic;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * An upper estimate of the heap a retained message takes, so that the history budget bounds memory rather than
 * text: parsed JSON costs far more than its text for some shapes (a 64 KiB array of small numbers is over half a
 * megabyte of objects), and an attacker would pick those. Walks the value iteratively: nesting may be 1000 deep.
 * The figures assume a 64-bit JVM with compressed references and count every string as two bytes a character.
 */
public final class Footprint {

    /** The publication record, its time and its place in a topic's ring. */
    static final int MESSAGE_OVERHEAD = 96;
    private static final int STRING = 56;
    private static final int NUMBER = 48;
    private static final int REFERENCE = 8;
    private static final int ARRAY = 56;
    private static final int OBJECT = 120;
    private static final int OBJECT_ENTRY = 48;

    private Footprint() {
    }

    public static long of(JsonValue data) {
        long total = MESSAGE_OVERHEAD;
        Deque<JsonValue> pending = new ArrayDeque<>();
        pending.push(data);
        while (!pending.isEmpty()) {
            JsonValue value = pending.pop();
            total += REFERENCE;
            switch (value.getValueType()) {
                case STRING -> total += string(((JsonString) value).getChars()); // getString() copies it
                case NUMBER -> total += NUMBER;
                case ARRAY -> {
                    JsonArray array = (JsonArray) value;
                    total += ARRAY;
                    array.forEach(pending::push);
                }
                case OBJECT -> {
                    JsonObject object = (JsonObject) value;
                    total += OBJECT;
                    for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
                        total += OBJECT_ENTRY + string(entry.getKey());
                        pending.push(entry.getValue());
                    }
                }
                default -> {
                    // true, false and null are shared constants
                }
            }
        }
        return total;
    }

    private static long string(CharSequence value) {
        return STRING + 2L * value.length();
    }
}
