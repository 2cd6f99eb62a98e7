package io.switchboard.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.ClaimMapping;
import io.switchboard.topic.TopicPattern;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads who a verified token names and what it may do: its own {@code subscribe}, {@code publish} and {@code admin}
 * claims (names configurable), and what its roles or scopes grant ({@link ClaimMapping}).
 */
final class PermissionClaims {

    private final ClaimMapping mapping;

    PermissionClaims(ClaimMapping mapping) {
        this.mapping = mapping;
    }

    Identity identityOf(JWTClaimsSet claims) {
        String user = claims.getSubject();
        if (user == null || user.isBlank()) {
            throw unauthorized("The token has no 'sub' claim");
        }
        try {
            Set<String> subscribe = new LinkedHashSet<>(strings(claims, mapping.subscribeClaim()));
            Set<String> publish = new LinkedHashSet<>(strings(claims, mapping.publishClaim()));
            boolean admin = Boolean.TRUE.equals(claims.getBooleanClaim(mapping.adminClaim()));
            for (String role : roles(claims)) {
                ClaimMapping.Grant grant = mapping.roles().get(role);
                if (grant != null) {
                    subscribe.addAll(grant.subscribe());
                    publish.addAll(grant.publish());
                    admin |= grant.admin();
                }
            }
            return new Identity(user, patterns(subscribe, mapping.subscribeClaim()),
                    patterns(publish, mapping.publishClaim()), admin, claims.getExpirationTime().toInstant());
        } catch (ParseException e) {
            throw unauthorized("The token's claims are malformed: " + e.getMessage());
        }
    }

    /** The roles at the configured dotted path: an array of strings, or one string of space-separated scopes. */
    private List<String> roles(JWTClaimsSet claims) throws ParseException {
        if (mapping.rolesClaim().isEmpty()) {
            return List.of();
        }
        String[] path = mapping.rolesClaim().get().split("\\.");
        Object value = claims.getClaim(path[0]);
        for (int i = 1; i < path.length && value != null; i++) {
            value = value instanceof Map<?, ?> object ? object.get(path[i]) : null;
        }
        if (value instanceof String scopes) {
            return Arrays.stream(scopes.split(" ")).filter(s -> !s.isEmpty()).toList();
        }
        if (value instanceof List<?> list) {
            List<String> roles = new ArrayList<>();
            for (Object role : list) {
                if (role instanceof String name) {
                    roles.add(name);
                }
            }
            return roles;
        }
        return List.of();
    }

    private static List<String> strings(JWTClaimsSet claims, String name) throws ParseException {
        List<String> values = claims.getStringListClaim(name);
        return values == null ? List.of() : values;
    }

    private static List<TopicPattern> patterns(Set<String> values, String claim) {
        try {
            return values.stream().map(TopicPattern::of).toList();
        } catch (SwitchboardException e) {
            throw unauthorized("The token's '" + claim + "' permissions hold an invalid pattern: " + e.getMessage());
        }
    }

    private static SwitchboardException unauthorized(String message) {
        return new SwitchboardException(ErrorCode.UNAUTHORIZED, message);
    }
}
