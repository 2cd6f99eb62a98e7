package io.switchboard.security;

import io.switchboard.runtime.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which client a request comes from, for limits per client. The peer's address, unless the peer is one of the
 * configured trusted proxies: then the nearest address in {@code X-Forwarded-For} that is not a trusted proxy
 * (any client can send that header, so it counts only when a trusted proxy wrote it). IPv6 clients are told apart
 * by their /64 network, since one host is handed a whole /64 and could rotate through it.
 */
@ApplicationScoped
public class ClientAddress {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    /** Literals only: anything else could make InetAddress look a name up. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]?");

    private Set<String> trustedProxies;

    /** For CDI's client proxy only. */
    protected ClientAddress() {
    }

    @Inject
    public ClientAddress(SwitchboardConfig config) {
        this(config.clients().trustedProxies());
    }

    ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(ClientAddress::canonical).collect(Collectors.toSet());
    }

    public String of(HttpServletRequest request) {
        return of(request.getRemoteAddr(), request.getHeaders(FORWARDED_FOR) == null ? List.of()
                : java.util.Collections.list(request.getHeaders(FORWARDED_FOR)));
    }

    /** The client behind {@code peer}, given the {@code X-Forwarded-For} headers of the request. */
    String of(String peer, List<String> forwardedFor) {
        String client = canonical(peer);
        if (!trustedProxies.contains(client)) {
            return network(client);
        }
        List<String> hops = forwardedFor.stream()
                .flatMap(header -> java.util.Arrays.stream(header.split(",")))
                .map(String::trim)
                .filter(hop -> !hop.isEmpty())
                .toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = canonical(hops.get(i));
            if (!trustedProxies.contains(hop)) {
                return network(hop);
            }
        }
        return network(client);
    }

    /** An address in one spelling, so that "::1" and "0:0:0:0:0:0:0:1" are one client; anything else as given. */
    private static String canonical(String address) {
        if (address == null || address.length() > 64 || !(IPV4.matcher(address).matches()
                || IPV6.matcher(address).matches())) {
            return String.valueOf(address);
        }
        try {
            // only literals reach here, so no name is looked up
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static String network(String address) {
        if (!address.contains(":")) {
            return address;
        }
        String[] groups = address.split(":");
        return groups.length >= 4 ? String.join(":", groups[0], groups[1], groups[2], groups[3]) + "::/64" : address;
    }
}
