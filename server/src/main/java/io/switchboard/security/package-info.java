/**
 * Who a client is and what it may do: JWT verification (HS256 with the secret, RS256/ES256 with an identity
 * provider's JWKS; clock skew, issuer and audience; permissions from claims or mapped roles) and minting,
 * per-topic read/write permissions, the anonymous permissions, which client a request comes from (trusted
 * proxies), limits per client (connections, new topics, commands and bytes of publishes a second), and the
 * handshake gate that refuses foreign browser origins (403), bad tokens (401) and clients over their connections
 * (429) before the WebSocket upgrade.
 */
package io.switchboard.security;
