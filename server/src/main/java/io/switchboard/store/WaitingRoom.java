package io.switchboard.store;

import java.util.HashMap;
import java.util.Map;

/**
 * What may wait for the history store: messages and their estimated heap, bounded for the whole hub and, at an
 * eighth of that, for each publisher (a client), so that what one client queues ahead of everyone else's messages
 * is bounded whatever the database's speed. Once the hub's bound is reached, a publisher gets in only below an
 * equal share of it; and one with nothing waiting gets one message in, however large, while the hub is under twice
 * its bound: a full room never locks out a client that has not used it.
 */
final class WaitingRoom {

    /** The part of the hub's bound that one publisher may fill. */
    static final int PUBLISHER_SHARE = 8;

    private final int maxMessages;
    private final long maxBytes;
    private int messages;
    private long bytes;
    /** Publisher to its messages and bytes waiting; only publishers with something waiting. */
    private final Map<String, long[]> byPublisher = new HashMap<>();

    WaitingRoom(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Takes one message of {@code size} bytes from {@code publisher}, or refuses it (false). */
    synchronized boolean admit(String publisher, long size) {
        long[] mine = byPublisher.get(publisher);
        long myMessages = mine == null ? 0 : mine[0];
        long myBytes = mine == null ? 0 : mine[1];
        boolean full = messages + 1 > maxMessages || bytes + size > maxBytes;
        int shares = full ? Math.max(PUBLISHER_SHARE, byPublisher.size() + (mine == null ? 1 : 0)) : PUBLISHER_SHARE;
        boolean withinShare = myMessages + 1 <= maxMessages / shares && myBytes + size <= maxBytes / shares;
        boolean itsFirst = myMessages == 0 && messages + 1 <= 2L * maxMessages && bytes + size - maxBytes <= maxBytes;
        if (!withinShare && !itsFirst) {
            return false;
        }
        if (mine == null) {
            mine = new long[2];
            byPublisher.put(publisher, mine);
        }
        mine[0]++;
        mine[1] += size;
        messages++;
        bytes += size;
        return true;
    }

    /** A message admitted before is done with (committed and delivered, or refused). */
    synchronized void release(String publisher, long size) {
        messages--;
        bytes -= size;
        long[] mine = byPublisher.get(publisher);
        if (--mine[0] == 0) {
            byPublisher.remove(publisher);
        } else {
            mine[1] -= size;
        }
    }

    synchronized int messages() {
        return messages;
    }
}
