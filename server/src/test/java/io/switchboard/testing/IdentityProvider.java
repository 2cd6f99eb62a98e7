package io.switchboard.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An identity provider of the test's own, as far as Switchboard sees one: an RSA and an EC signing key, published
 * as a JWKS over real HTTP on the loopback, and tokens signed with them. Keys can be rotated.
 */
public final class IdentityProvider implements AutoCloseable {

    public static final String ISSUER = "https://idp.test/realms/acme";
    public static final String AUDIENCE = "switchboard";

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger generation = new AtomicInteger(1);
    private volatile RSAKey rsa = rsa("rsa-1");
    private final ECKey ec = ec("ec-1");
    private final AtomicReference<JWKSet> published = new AtomicReference<>(publish());

    private IdentityProvider(HttpServer server) {
        this.server = server;
        server.createContext("/certs", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public static IdentityProvider start() {
        try {
            return new IdentityProvider(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/certs";
    }

    /** How often the keys were asked for. */
    public int fetches() {
        return fetches.get();
    }

    /** Claims as this provider issues them: subject, issuer, audience, five minutes to live. */
    public static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
    }

    /** Signed with the current RSA key (RS256). */
    public String sign(JWTClaimsSet claims) {
        return signWith(rsa, claims);
    }

    /** Signed with the EC key (ES256). */
    public String signEc(JWTClaimsSet claims) {
        return signWith(ec, claims);
    }

    /** Replaces the RSA key with a new one, as a provider's key rotation does; the EC key stays. */
    public void rotate() {
        rsa = rsa("rsa-" + generation.incrementAndGet());
        published.set(publish());
    }

    public RSAKey rsa() {
        return rsa;
    }

    /** Signed by {@code key}, published or not, with its key id. */
    public static String signWith(JWK key, JWTClaimsSet claims) {
        try {
            boolean isRsa = key instanceof RSAKey;
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(isRsa ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256)
                    .keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(isRsa ? new RSASSASigner((RSAKey) key) : new ECDSASigner((ECKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RSAKey rsa(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ec(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWKSet publish() {
        return new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
