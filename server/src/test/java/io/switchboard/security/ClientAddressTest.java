package io.switchboard.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientAddressTest {

    private final ClientAddress behindProxy = new ClientAddress(List.of("10.0.0.2", "10.0.0.3"));

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverItClaims() {
        ClientAddress direct = new ClientAddress(List.of());
        assertEquals("203.0.113.9", direct.of("203.0.113.9", List.of("198.51.100.1")));
    }

    @Test
    void aTrustedProxysForwardedForNamesTheClient() {
        assertEquals("198.51.100.1", behindProxy.of("10.0.0.2", List.of("198.51.100.1")));
    }

    @Test
    void theNearestUntrustedHopCountsSinceClientsCanPrependAnything() {
        assertEquals("198.51.100.1", behindProxy.of("10.0.0.2", List.of("1.2.3.4, 198.51.100.1, 10.0.0.3")));
    }

    @Test
    void anUntrustedPeersForwardedForIsIgnored() {
        assertEquals("203.0.113.9", behindProxy.of("203.0.113.9", List.of("10.0.0.2")));
    }

    @Test
    void ipv6ClientsAreToldApartByTheirNetwork() {
        ClientAddress direct = new ClientAddress(List.of());
        assertEquals(direct.of("2001:db8:1:2:aaaa::1", List.of()), direct.of("2001:db8:1:2:bbbb::7", List.of()));
        assertEquals("127.0.0.1", direct.of("127.0.0.1", List.of()));
    }

    @Test
    void namesAreNeverLookedUp() {
        assertEquals("cafe.example", behindProxy.of("10.0.0.2", List.of("cafe.example")));
    }
}
