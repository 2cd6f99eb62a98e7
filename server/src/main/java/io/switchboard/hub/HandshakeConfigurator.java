package io.switchboard.hub;

import io.switchboard.protocol.ServerFrame.Welcome.Handshake;
import io.switchboard.protocol.ServerFrame.Welcome.Request;
import io.switchboard.protocol.ServerFrame.Welcome.Response;
import io.switchboard.security.Credentials;
import jakarta.enterprise.inject.spi.Unmanaged;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
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
 * <p>
 * It also creates the endpoint instances through CDI itself: full Jakarta EE servers inject into endpoints on
 * their own, but Tomcat with Weld Servlet does not, and one way for every server keeps the endpoint the same.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    static final String HANDSHAKE = "switchboard.handshake";
    static final String PRINCIPAL = "switchboard.principal";
    static final String TOKEN = "switchboard.token";
    static final Set<String> CAPTURED = Set.of(HANDSHAKE, PRINCIPAL, TOKEN);
    static final String REDACTED = "[redacted]";
    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie");
    /** The token query parameter wherever a URL or query string shows up (some servers echo the URL in headers). */
    private static final Pattern TOKEN_PARAMETER = Pattern.compile("(^|[?&])(" + Credentials.QUERY_PARAMETER + ")=[^&#\\s]*");

    /** Unmanaged: endpoint instances have no destruction callbacks, so nothing needs to keep track of them. */
    private final ClassValue<Unmanaged<?>> injectors = new ClassValue<>() {
        @Override
        protected Unmanaged<?> computeValue(Class<?> endpointClass) {
            return new Unmanaged<>(endpointClass);
        }
    };

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        Object endpoint = injectors.get(endpointClass).newInstance().produce().inject().postConstruct().get();
        return endpointClass.cast(endpoint);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, Object> properties = config.getUserProperties();
        properties.put(HANDSHAKE, new Handshake(
                new Request("GET", path(request), redacted(request.getHeaders())),
                new Response(101, redacted(asSent(request.getHeaders(), response.getHeaders(),
                        config.getSubprotocols())))));
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

    /**
     * The 101 response's headers as they go on the wire. Some containers (Tomcat) add RFC 6455's own headers only
     * after this callback; their values follow from the request, so they are filled in here where missing.
     */
    static Map<String, List<String>> asSent(Map<String, List<String>> requestHeaders,
                                            Map<String, List<String>> responseHeaders, List<String> subprotocols) {
        Map<String, List<String>> sent = new LinkedHashMap<>(responseHeaders);
        putIfAbsent(sent, "Upgrade", "websocket");
        putIfAbsent(sent, "Connection", "upgrade");
        String key = first(requestHeaders, "Sec-WebSocket-Key");
        if (key != null) {
            putIfAbsent(sent, "Sec-WebSocket-Accept", acceptFor(key));
        }
        String requested = first(requestHeaders, "Sec-WebSocket-Protocol");
        if (requested != null) {
            for (String protocol : requested.split(",")) {
                if (subprotocols.contains(protocol.strip())) {
                    putIfAbsent(sent, "Sec-WebSocket-Protocol", protocol.strip());
                    break;
                }
            }
        }
        return sent;
    }

    /** RFC 6455 section 4.2.2: base64(SHA-1(key + the protocol's GUID)). */
    static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key.strip() + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    private static void putIfAbsent(Map<String, List<String>> headers, String name, String value) {
        if (first(headers, name) == null) {
            headers.put(name, List.of(value));
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
