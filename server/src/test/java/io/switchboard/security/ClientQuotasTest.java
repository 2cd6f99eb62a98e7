package io.switchboard.security;

import io.switchboard.protocol.ErrorCode;
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

    private final ClientQuotas quotas = new ClientQuotas();

    ClientQuotasTest() {
        quotas.config = TestConfig.of("switchboard.client.max-connections", "2",
                "switchboard.anonymous.new-topics-per-second", "1", "switchboard.user.new-topics-per-second", "5");
    }

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
}
