package io.switchboard.topic;

/**
 * A durable message as its publisher's thread prepared it for the journal: numbered, its {@code message} frame
 * encoded and its heap estimated once, so that the single thread that delivers committed messages only retains
 * and fans out.
 *
 * @param frame     the {@code message} frame every subscriber receives
 * @param footprint the estimated heap of its data ({@link Footprint})
 */
public record Numbered(Publication publication, String frame, long footprint) {

    /** What the message holds while it waits: its data's heap, and the frame's characters (one byte each, mostly). */
    public long waitingBytes() {
        return footprint + frame.length();
    }
}
