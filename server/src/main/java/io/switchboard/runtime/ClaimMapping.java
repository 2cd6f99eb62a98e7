package io.switchboard.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a token's permissions are, for identity providers that cannot emit Switchboard's own claims: the names of
 * the {@code subscribe}, {@code publish} and {@code admin} claims, and roles (or scopes) granting topic patterns.
 *
 * <pre>
 * switchboard.jwt.roles-claim=realm_access.roles           # a dotted path; an array, or a space-separated string
 * switchboard.jwt.roles."orders-reader".subscribe=orders.>  # comma-separated patterns
 * switchboard.jwt.roles."orders-writer".publish=orders.>
 * switchboard.jwt.roles."switchboard-admin".admin=true
 * </pre>
 *
 * @param subscribeClaim {@code switchboard.jwt.subscribe-claim}: an array of patterns the token may read
 * @param publishClaim   {@code switchboard.jwt.publish-claim}: an array of patterns the token may write
 * @param adminClaim     {@code switchboard.jwt.admin-claim}: {@code true} for an admin
 * @param rolesClaim     {@code switchboard.jwt.roles-claim}: where the roles or scopes are, if any
 * @param roles          what each role grants
 */
public record ClaimMapping(String subscribeClaim, String publishClaim, String adminClaim,
                           Optional<String> rolesClaim, Map<String, Grant> roles) {

    static final String ROLES_PREFIX = "switchboard.jwt.roles.";

    /** What one role grants, added to what the token's own claims grant. */
    public record Grant(List<String> subscribe, List<String> publish, boolean admin) {
    }

    static ClaimMapping from(Settings settings) {
        Map<String, Grant> roles = new LinkedHashMap<>();
        for (String name : settings.namesStartingWith(ROLES_PREFIX)) {
            String rest = name.substring(ROLES_PREFIX.length());
            int dot = rest.lastIndexOf('.');
            String what = dot <= 0 ? "" : rest.substring(dot + 1);
            if (!List.of("subscribe", "publish", "admin").contains(what)) {
                throw new IllegalArgumentException(name + " names no setting: use " + ROLES_PREFIX
                        + "\"<role>\".subscribe, .publish or .admin");
            }
            String role = rest.substring(0, dot).replace("\"", "");
            String value = settings.get(name).orElse("");
            Grant grant = roles.getOrDefault(role, new Grant(List.of(), List.of(), false));
            roles.put(role, switch (what) {
                case "subscribe" -> new Grant(patterns(value), grant.publish(), grant.admin());
                case "publish" -> new Grant(grant.subscribe(), patterns(value), grant.admin());
                default -> new Grant(grant.subscribe(), grant.publish(), Boolean.parseBoolean(value.trim()));
            });
        }
        Optional<String> rolesClaim = settings.get("switchboard.jwt.roles-claim");
        if (!roles.isEmpty() && rolesClaim.isEmpty()) {
            throw new IllegalArgumentException(ROLES_PREFIX + "* needs switchboard.jwt.roles-claim: where in the"
                    + " token the roles are (realm_access.roles for Keycloak, roles or scp for Entra ID, scope...)");
        }
        return new ClaimMapping(settings.get("switchboard.jwt.subscribe-claim").orElse("subscribe"),
                settings.get("switchboard.jwt.publish-claim").orElse("publish"),
                settings.get("switchboard.jwt.admin-claim").orElse("admin"), rolesClaim, Map.copyOf(roles));
    }

    private static List<String> patterns(String value) {
        List<String> patterns = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(p -> !p.isEmpty()).forEach(patterns::add);
        return List.copyOf(patterns);
    }
}
