package io.switchboard.security;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.topic.TopicName;
import io.switchboard.topic.TopicPattern;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentityTest {

    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
    private final Identity anonymous = Identity.anonymous(List.of(TopicPattern.of("public.>")),
            List.of(TopicPattern.of("public.>")));
    private final Identity ann = new Identity("ann", List.of(TopicPattern.of("orders.*")),
            List.of(TopicPattern.of("orders.eu")), false, LATER);
    private final Identity admin = new Identity("root", List.of(), List.of(), true, LATER);

    private static ErrorCode refusal(Runnable action) {
        return assertThrows(SwitchboardException.class, action::run).code();
    }

    @Test
    void usersReadTopicsTheirSubscribePatternsMatch() {
        assertTrue(ann.canRead(TopicName.of("orders.eu")));
        assertFalse(ann.canRead(TopicName.of("orders.eu.late")));
    }

    @Test
    void deniedAnonymousClientsAreUnauthorizedAndDeniedUsersForbidden() {
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> anonymous.requireRead(TopicName.of("orders.eu"))));
        assertEquals(ErrorCode.FORBIDDEN, refusal(() -> ann.requireRead(TopicName.of("billing.x"))));
    }

    @Test
    void aWildcardSubscriptionNeedsOnlyToOverlapWhatMayBeRead() {
        assertDoesNotThrow(() -> anonymous.requireSubscribe(TopicPattern.of(">")));
        assertDoesNotThrow(() -> ann.requireSubscribe(TopicPattern.of("*.eu")));
        assertEquals(ErrorCode.FORBIDDEN, refusal(() -> ann.requireSubscribe(TopicPattern.of("billing.>"))));
    }

    @Test
    void usersPublishWhereTheirPublishPatternsMatch() {
        assertDoesNotThrow(() -> ann.requirePublish(TopicName.of("orders.eu")));
        assertEquals(ErrorCode.FORBIDDEN, refusal(() -> ann.requirePublish(TopicName.of("orders.us"))));
    }

    @Test
    void adminsDoEverythingButPublishToSys() {
        assertDoesNotThrow(() -> admin.requireRead(TopicName.of("sys.metrics")));
        assertDoesNotThrow(() -> admin.requirePublish(TopicName.of("anything.at.all")));
        assertEquals(ErrorCode.FORBIDDEN, refusal(() -> admin.requirePublish(TopicName.of("sys.metrics"))));
    }

    @Test
    void adminOnlyActionsRefuseOthers() {
        assertDoesNotThrow(() -> admin.requireAdmin("mint tokens"));
        assertEquals(ErrorCode.FORBIDDEN, refusal(() -> ann.requireAdmin("mint tokens")));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> anonymous.requireAdmin("mint tokens")));
    }

    @Test
    void expiryIsAtTheExpiryInstant() {
        assertFalse(ann.isExpiredAt(LATER.minusSeconds(1)));
        assertTrue(ann.isExpiredAt(LATER));
        assertFalse(anonymous.isExpiredAt(LATER));
    }
}
