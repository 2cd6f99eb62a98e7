package io.switchboard.cluster;

import io.switchboard.protocol.ServerFrame;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the cluster keeps as text reads back as it was written, anonymous users and all. */
class ClusterValuesTest {

    @Test
    void presenceEntriesAndEventsReadBackAsWritten() {
        PresenceEntry entry = new PresenceEntry("m1", "s1", "alice");
        assertEquals(entry, PresenceEntry.decode(entry.encode()));
        PresenceEntry anonymous = new PresenceEntry("m1", "s2", null);
        assertEquals(anonymous, PresenceEntry.decode(anonymous.encode()));
        assertTrue(anonymous.livesOn("m1"));
        assertFalse(anonymous.livesOn("m2"));

        PresenceEvent join = PresenceEvent.of(true, "orders.eu", entry);
        assertEquals(join, PresenceEvent.decode(join.encode()));
        assertEquals(new ServerFrame.Join("orders.eu", "s1", "alice"), join.frame());
        PresenceEvent leave = PresenceEvent.of(false, "orders.eu", anonymous);
        assertEquals(new ServerFrame.Leave("orders.eu", "s2", null), PresenceEvent.decode(leave.encode()).frame());
    }

    @Test
    void nodeCountsReadBackAsWritten() {
        NodeCounts counts = new NodeCounts(3, 7, 10_000_000_000L, 42);
        assertEquals(counts, NodeCounts.decode(counts.encode()));
    }

    @Test
    void holesAreToldFromMessagesWhateverTheirData() {
        String hole = StoredMessage.hole(java.time.Instant.ofEpochMilli(5));
        assertTrue(StoredMessage.isHole(hole));
        assertEquals(java.time.Instant.ofEpochMilli(5), StoredMessage.time(hole));
        assertFalse(StoredMessage.isHole(StoredMessage.encode(new io.switchboard.protocol.FrameCodec(),
                java.time.Instant.ofEpochMilli(5), jakarta.json.Json.createValue(""))), "an empty string is data");
    }
}
