package io.switchboard.security;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.RateLimitedException;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientQuotasTest {

    private static final int MAX_MESSAGE_BYTES = 1000;

    private final ClientQuotas quotas = new ClientQuotas(TestConfig.of("switchboard.client.max-connections", "2",
            "switchboard.anonymous.new-topics-per-second", "1", "switchboard.user.new-topics-per-second", "5",
            "switchboard.max-message-bytes", String.valueOf(MAX_MESSAGE_BYTES),
            "switchboard.anonymous.publish-bytes-per-second", "100",
            "switchboard.anonymous.total-publish-bytes-per-second", "3000",
            "switchboard.user.publish-bytes-per-second", "1000"), null);

    private static final Identity ANONYMOUS = Identity.anonymous(List.of(), List.of());
    private static final Identity ANN = new Identity("ann", List.of(), List.of(), false, Instant.MAX);
    private static final Identity ADMIN = new Identity("root", List.of(), List.of(), true, Instant.MAX);

    @Test
    void aClientIsItsSubjectOrItsAddress() {
        assertEquals("user ann", ClientQuotas.client(ANN, "10.0.0.1"));
        assertEquals("address 10.0.0.1", ClientQuotas.client(ANONYMOUS, "10.0.0.1"));
    }

    @Test
    void connectionsAreCountedPerClientAndGivenBack() {
        assertTrue(quotas.connect("address a"));
        assertTrue(quotas.connect("address a"));
        assertFalse(quotas.mayConnect("address a"));
        assertFalse(quotas.connect("address a"));
        assertTrue(quotas.connect("address b"), "another client is not affected");
        quotas.disconnected("address a");
        assertTrue(quotas.connect("address a"), "room again");
    }

    @Test
    void newTopicsComeInABurstOfTenSecondsThenAtTheRate() {
        for (int i = 0; i < ClientQuotas.NEW_TOPICS_BURST_SECONDS; i++) {
            quotas.admitNewTopic(ANONYMOUS, "address a");
        }
        SwitchboardException refused = assertThrows(SwitchboardException.class,
                () -> quotas.admitNewTopic(ANONYMOUS, "address a"));
        assertEquals(ErrorCode.TOO_MANY_TOPICS, refused.code());
        for (int i = 0; i < 5 * ClientQuotas.NEW_TOPICS_BURST_SECONDS; i++) {
            quotas.admitNewTopic(ANN, "user ann"); // users have a rate of their own
        }
        for (int i = 0; i < 1000; i++) {
            quotas.admitNewTopic(ADMIN, "user root"); // admins are not limited
        }
    }

    @Test
    void anAddressPublishesAtLeastTwoLargestFramesAtOnceThenAtItsByteRate() {
        quotas.admitPublish(ANONYMOUS, "address a", 2 * MAX_MESSAGE_BYTES); // 4 s at 100 B/s would be less
        RateLimitedException refused = assertThrows(RateLimitedException.class,
                () -> quotas.admitPublish(ANONYMOUS, "address a", 50));
        assertEquals(ErrorCode.RATE_LIMITED, refused.code());
        assertTrue(refused.retryAfterSeconds() >= 1, "REST answers with Retry-After");
        quotas.admitPublish(ANONYMOUS, "address b", MAX_MESSAGE_BYTES); // another address has its own
    }

    @Test
    void anonymousAddressesTogetherShareOneByteRateThatTokenHoldersDoNotUse() {
        quotas.admitPublish(ANONYMOUS, "address a", 2 * MAX_MESSAGE_BYTES);
        RateLimitedException refused = assertThrows(RateLimitedException.class,
                () -> quotas.admitPublish(ANONYMOUS, "address b", 2 * MAX_MESSAGE_BYTES),
                "3000 bytes a second for all anonymous clients, 2000 of them taken");
        assertTrue(refused.getMessage().contains("anonymous clients together"), refused.getMessage());
        quotas.admitPublish(ANONYMOUS, "address b", MAX_MESSAGE_BYTES); // b was not charged for its refusal
        quotas.admitPublish(ANN, "user ann", 4 * MAX_MESSAGE_BYTES); // a user's own 4 s at 1000 B/s
        assertThrows(RateLimitedException.class, () -> quotas.admitPublish(ANN, "user ann", 100));
        for (int i = 0; i < 100; i++) {
            quotas.admitPublish(ADMIN, "user root", MAX_MESSAGE_BYTES); // admins are not limited
        }
    }

    @Test
    void zeroTurnsAByteRateOff() {
        ClientQuotas unlimited = new ClientQuotas(TestConfig.of("switchboard.anonymous.publish-bytes-per-second", "0",
                "switchboard.anonymous.total-publish-bytes-per-second", "0"), null);
        for (int i = 0; i < 1000; i++) {
            unlimited.admitPublish(ANONYMOUS, "address a", 65_536);
        }
    }

    @Test
    void aRefusalCanBeForeseenBeforeParsingWithoutChargingAnything() {
        for (int i = 0; i < 10; i++) {
            assertEquals(null, quotas.publishRefusal(ANONYMOUS, "address a", 2 * MAX_MESSAGE_BYTES));
        }
        quotas.admitPublish(ANONYMOUS, "address a", 2 * MAX_MESSAGE_BYTES);
        RateLimitedException foreseen = quotas.publishRefusal(ANONYMOUS, "address a", 50);
        assertEquals(ErrorCode.RATE_LIMITED, foreseen.code());
        assertEquals(null, quotas.publishRefusal(ADMIN, "user root", 1_000_000));
    }
}
