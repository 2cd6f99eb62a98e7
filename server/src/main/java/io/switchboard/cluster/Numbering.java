package io.switchboard.cluster;

/**
 * How a topic's offsets map onto its ringbuffer's sequences in this cluster: {@code offset = base + sequence + 1}.
 * The base is 0 for a topic the cluster numbered from its first message, and the offset before the oldest
 * restored message for one it took up from the history store (after every node restarted, say). Kept in the
 * epochs map as "epoch" or "epoch base".
 */
record Numbering(String epoch, long base) {

    long offset(long sequence) {
        return base + sequence + 1;
    }

    /** The sequence of the message after {@code offset}, where a reader resuming from it starts. */
    long sequenceAfter(long offset) {
        return offset - base;
    }

    String encode() {
        return base == 0 ? epoch : epoch + " " + base;
    }

    static Numbering decode(String value) {
        int space = value.indexOf(' ');
        return space < 0 ? new Numbering(value, 0)
                : new Numbering(value.substring(0, space), Long.parseLong(value.substring(space + 1)));
    }
}
