/**
 * Who a client is and what it may do: HS256 JWT verification (with clock skew, issuer and audience) and minting,
 * per-topic read/write permissions, the anonymous permissions, which client a request comes from (trusted
 * proxies), limits per client (connections, new topics, commands and bytes of publishes a second), and the handshake gate that refuses
 * foreign browser origins (403), bad tokens (401) and clients over their connections (429) before the WebSocket
 * upgrade.
 */
package io.switchboard.security;
