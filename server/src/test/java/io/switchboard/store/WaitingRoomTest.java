package io.switchboard.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaitingRoomTest {

    private final WaitingRoom room = new WaitingRoom(16, 1_600);

    @Test
    void onePublisherMayFillAnEighthOfTheRoomAheadOfOthers() {
        assertTrue(room.admit("flood", 10));
        assertTrue(room.admit("flood", 10));
        assertFalse(room.admit("flood", 10), "two messages are an eighth of sixteen");
        assertTrue(room.admit("normal", 10));
        room.release("flood", 10);
        assertTrue(room.admit("flood", 10), "a commit makes room again");
    }

    @Test
    void theBytesOfAPublisherAreBoundedToo() {
        assertTrue(room.admit("big", 150));
        assertFalse(room.admit("big", 100), "an eighth of 1,600 bytes is 200");
    }

    @Test
    void aPublisherWithNothingWaitingGetsOneMessageInHoweverLarge() {
        assertTrue(room.admit("big", 1_000));
        assertFalse(room.admit("big", 1));
        assertFalse(room.admit("huge", 2_500), "but never past twice the hub's bound");
    }

    @Test
    void aFullRoomTakesOnlyPublishersBelowAnEqualShareAndStaysUnderTwiceItsBound() {
        for (int p = 0; p < 8; p++) {
            assertTrue(room.admit("p" + p, 10));
            assertTrue(room.admit("p" + p, 10));
        }
        assertEquals(16, room.messages(), "the room is full");
        int admitted = 0;
        for (int p = 8; p < 40; p++) {
            if (room.admit("p" + p, 10)) {
                admitted++;
            }
        }
        assertEquals(16, admitted, "newcomers get in, up to twice the bound");
        assertFalse(room.admit("p0", 10), "with 24 publishers waiting an equal share is less than one message");
    }

    @Test
    void releasingEverythingEmptiesTheRoom() {
        room.admit("a", 10);
        room.admit("b", 20);
        room.release("a", 10);
        room.release("b", 20);
        assertEquals(0, room.messages());
        assertTrue(room.admit("a", 10));
        assertTrue(room.admit("a", 10));
    }
}
