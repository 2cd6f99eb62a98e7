package io.switchboard.hub;

import io.switchboard.protocol.ServerFrame.Welcome.Handshake;
import io.switchboard.protocol.ServerFrame.Welcome.Request;
import io.switchboard.protocol.ServerFrame.Welcome.Response;
import io.switchboard.security.Credentials;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Captures the HTTP exchange of each upgrade: the request and the {@code 101 Switching Protocols} response that
 * the {@code welcome} frame shows back to the client, with credentials redacted, plus what the endpoint needs to
 * know who the client is. The user properties it writes are per connection (Jakarta WebSocket 2.1).
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    static final String HANDSHAKE = "switchboard.handshake";
    static final String PRINCIPAL = "switchboard.principal";
    static final String TOKEN = "switchboard.token";
    static final String REDACTED = "[redacted]";

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie");
    /** The token query parameter wherever a URL or query string shows up (some servers echo the URL in headers). */
    private static final Pattern TOKEN_PARAMETER = Pattern.compile("(^|[?&])(" + Credentials.QUERY_PARAMETER + ")=[^&#\\s]*");

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, Object> properties = config.getUserProperties();
        properties.put(HANDSHAKE, new Handshake(
                new Request("GET", path(request), redacted(request.getHeaders())),
                new Response(101, redacted(response.getHeaders()))));
        if (request.getUserPrincipal() != null) {
            properties.put(PRINCIPAL, request.getUserPrincipal());
        }
        List<String> queryTokens = request.getParameterMap().get(Credentials.QUERY_PARAMETER);
        String token = Credentials.of(first(request.getHeaders(), "Authorization"),
                queryTokens == null || queryTokens.isEmpty() ? null : queryTokens.get(0));
        if (token != null) {
            properties.put(TOKEN, token);
        }
    }

    static String path(HandshakeRequest request) {
        String path = request.getRequestURI().getRawPath();
        String query = request.getQueryString();
        if (query == null || query.isEmpty()) {
            return path;
        }
        return path + "?" + withoutToken(query);
    }

    private static String withoutToken(String text) {
        return TOKEN_PARAMETER.matcher(text).replaceAll("$1$2=" + REDACTED);
    }

    static Map<String, String> redacted(Map<String, List<String>> headers) {
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((name, values) -> shown.put(name, SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                ? REDACTED
                : withoutToken(String.join(", ", values))));
        return shown;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }
}
