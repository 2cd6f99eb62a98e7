/**
 * Who a client is and what it may do: HS256 JWT verification and minting, per-topic read/write permissions,
 * the anonymous permissions, and the handshake gate that refuses foreign browser origins (403) and bad tokens
 * (401) before the WebSocket upgrade.
 */
package io.switchboard.security;
