// Type declarations for /switchboard.js, the Switchboard browser client.

export interface Position {
  offset: number;
  epoch: string;
}

export interface Message<T = unknown> {
  type: "message";
  topic: string;
  offset: number;
  epoch: string;
  /** ISO-8601, UTC. */
  time: string;
  data: T;
}

export interface Welcome {
  type: "welcome";
  session: string;
  user: string | null;
  server: { name: string; version: string };
  heartbeat: number;
  limits: { maxMessageBytes: number; maxSubscriptions: number; ratePerSecond: number };
  /** The WebSocket handshake as the server saw it; null over the event-stream fallback. */
  handshake: {
    request: { method: string; path: string; headers: Record<string, string> };
    response: { status: 101; headers: Record<string, string> };
  } | null;
}

/** How the client reaches the hub: a WebSocket, or Server-Sent Events and REST where no WebSocket passes. */
export type Transport = "websocket" | "sse";

export interface Ack {
  type: "ack";
  id: string;
  /** Absent in the ack of a refresh. */
  topic: string;
  offset?: number;
  epoch?: string;
  recovered?: boolean;
}

export interface HistoryFrame<T = unknown> {
  type: "history";
  id: string;
  topic: string;
  epoch: string;
  recovered: boolean;
  messages: Message<T>[];
  /** Only in a page of the raw protocol: the `since` of the next page. `history()` follows it for you. */
  next?: Position;
}

export interface PresenceFrame {
  type: "presence";
  id: string;
  topic: string;
  count: number;
  clients: { session: string; user: string | null }[];
}

export interface PresenceEvent {
  type: "join" | "leave";
  topic: string;
  session: string;
  user: string | null;
}

export interface ExpiringFrame {
  type: "expiring";
  /** ISO-8601, UTC: when the session's token expires. */
  expiresAt: string;
}

export interface UnsubscribedFrame {
  type: "unsubscribed";
  topic: string;
  code: ErrorCode;
  message: string;
}

export type ErrorCode =
  | "bad_json" | "bad_request" | "unknown_type" | "invalid_topic" | "unauthorized" | "forbidden"
  | "too_large" | "rate_limited" | "too_many_subscriptions" | "too_many_topics" | "topic_limit_reached"
  | "unavailable" | "internal" | "disconnected" | "queue_full" | "token";

export declare class SwitchboardError extends Error {
  readonly code: ErrorCode;
}

export type State = "connecting" | "connected" | "reconnecting" | "closed";

export interface Events {
  open: Welcome;
  close: { code: number; reason: string };
  reconnecting: { attempt: number; delay: number };
  recovered: { topic: string; offset: number };
  lost: { topic: string; offset: number; epoch: string };
  state: State;
  error: SwitchboardError;
  presence: PresenceEvent;
  /** The token expires soon and no token function can renew it: call `refresh(newToken)`. */
  expiring: ExpiringFrame;
  /** The server ended a subscription (after a refresh, `forbidden`). */
  unsubscribed: UnsubscribedFrame;
  /** The client moved to another transport: to `sse` when no WebSocket passed, back when one did. */
  transport: Transport;
  /**
   * The session goes on under another server session id (`welcome` holds it): the event stream was reopened, for a
   * new set of subscriptions or a refreshed token. No `open`: subscriptions and queued frames carry on.
   */
  session: Welcome;
}

export interface ConnectOptions {
  /**
   * A JWT, sent as the `token` query parameter since browsers cannot set handshake headers; or a function giving
   * one (or a promise of one), asked before every connection and when the server warns that the token expires.
   */
  token?: string | (() => string | Promise<string>);
  /** First reconnect delay in ms (default 500); doubles per attempt up to maxDelay, with jitter. */
  initialDelay?: number;
  /** Longest reconnect delay in ms (default 15000). */
  maxDelay?: number;
  /** Requests kept while disconnected (default 1000). */
  maxQueued?: number;
  /**
   * The transports to use, the first first (default `["websocket", "sse"]`): with both, a WebSocket that cannot
   * open or says no welcome within `welcomeTimeout` gives way to the event stream, and is tried again after
   * `upgradeDelay`, doubling up to `maxUpgradeDelay`. `["sse"]` never tries a WebSocket.
   */
  transports?: Transport[];
  /** How long a WebSocket may take to say welcome, in ms (default 5000). */
  welcomeTimeout?: number;
  /** When to try the WebSocket again after falling back, in ms (default 30000). */
  upgradeDelay?: number;
  /** The longest wait between two such tries, in ms (default 300000). */
  maxUpgradeDelay?: number;
  /** For tests and non-browser runtimes. */
  WebSocket?: typeof WebSocket;
  fetch?: typeof fetch;
  random?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
}

/**
 * Whether a close ends the connection for good: 1003, and 1008 unless its reason is `slow consumer` (a client
 * with a token function also reconnects after `token expired`).
 */
export declare function isFinalClose(code: number, reason: string): boolean;

export declare class Switchboard {
  readonly state: State;
  readonly transport: Transport;
  readonly welcome: Welcome | null;
  on<E extends keyof Events>(event: E, listener: (detail: Events[E]) => void): () => void;
  subscribe<T = unknown>(
    topic: string,
    handler: (data: T, message: Message<T>) => void,
    options?: { since?: Position; presence?: boolean },
  ): () => void;
  publish(topic: string, data: unknown): Promise<Ack>;
  history<T = unknown>(topic: string, options?: { since?: Position; limit?: number }): Promise<HistoryFrame<T>>;
  presence(topic: string): Promise<PresenceFrame>;
  /** A newer token of the same subject, in place (default: the token function's next answer). */
  refresh(token?: string): Promise<Ack>;
  close(): void;
}

export declare function connect(url?: string, options?: ConnectOptions): Switchboard;
export declare function matches(pattern: string, topic: string): boolean;
