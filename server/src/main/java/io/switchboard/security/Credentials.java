package io.switchboard.security;

import java.util.Locale;

/** Where a client's token travels: {@code Authorization: Bearer} or, for browsers, the {@code token} query parameter. */
public final class Credentials {

    public static final String QUERY_PARAMETER = "token";
    private static final String BEARER = "bearer ";

    private Credentials() {
    }

    /** The token of an {@code Authorization} header, or null when there is none. */
    public static String bearer(String authorization) {
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }

    /** The header's token when present, else the query parameter's. */
    public static String of(String authorization, String queryToken) {
        String bearer = bearer(authorization);
        return bearer != null ? bearer : queryToken;
    }
}
