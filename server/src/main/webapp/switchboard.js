// Switchboard browser client: an ES module with no build step.
//
//   import { connect } from "/switchboard.js";
//   const sb = connect(undefined, { token });   // a string, or a function returning one (or a promise of one)
//   const off = sb.subscribe("public.news", (data, message) => console.log(data));
//   await sb.publish("public.news", { headline: "Hi" });
//
// It reconnects with exponential backoff and jitter, and re-subscribes every exact topic with `since` the last
// message seen, so messages missed during a short outage arrive once, in order, before live ones. A `token`
// function is asked before every connection and when the server warns that the token expires (`expiring`): the
// new token then replaces the old one in place (`refresh`), and the session goes on.
//
// Where the WebSocket cannot open (a proxy strips the upgrade) or opens and never says welcome, it falls back to
// Server-Sent Events and REST on the same port, with the same API (see switchboard-stream.js), and tries the
// WebSocket again now and then; `sb.transport` says which it is on, and the `transport` event when it changes.

import { StreamLink } from "./switchboard-stream.js";

const DEFAULTS = {
  initialDelay: 500, maxDelay: 15000, maxQueued: 1000,
  transports: ["websocket", "sse"], welcomeTimeout: 5000, upgradeDelay: 30000, maxUpgradeDelay: 300000,
};
// Closes after which reconnecting cannot help: policy (bad or expired token, abuse) and unsupported data.
const FINAL_CLOSE_CODES = new Set([1003, 1008]);
// ...except a 1008 for falling behind: the client reconnects, with backoff, and resumes where it was.
const RETRYABLE_POLICY_REASONS = new Set(["slow consumer"]);

/** Whether a close ends the connection for good (see docs/protocol.md, "Close codes"). */
export function isFinalClose(code, reason) {
  return FINAL_CLOSE_CODES.has(code) && !RETRYABLE_POLICY_REASONS.has(reason);
}

/** Whether a subscription pattern (with `*` and `>`) matches a topic; the server's rules. */
export function matches(pattern, topic) {
  const want = pattern.split(".");
  const have = topic.split(".");
  for (let i = 0; i < want.length; i++) {
    if (want[i] === ">") return have.length > i;
    if (i >= have.length || (want[i] !== "*" && want[i] !== have[i])) return false;
  }
  return have.length === want.length;
}

function isExact(pattern) {
  return !pattern.split(".").some((token) => token === "*" || token === ">");
}

/** The WebSocket as a link: frames as JSON text both ways (the stream link offers the same). */
class WebSocketLink {
  constructor(WebSocketImpl, url) {
    this.onframe = () => {};
    this.onclose = () => {};
    this.socket = new WebSocketImpl(url, ["switchboard.v1"]);
    this.socket.onmessage = (event) => this.onframe(JSON.parse(event.data));
    this.socket.onclose = (event) => this.onclose({ code: event.code, reason: event.reason });
  }

  send(frame) {
    this.socket.send(JSON.stringify(frame));
  }

  close(code, reason) {
    this.socket.close(code, reason);
  }
}

/** The `/ws` endpoint beside the current page, so a context root other than `/` works too. */
function defaultUrl() {
  const url = new URL("ws", globalThis.document ? document.baseURI : globalThis.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export class SwitchboardError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "SwitchboardError";
    this.code = code;
  }
}

export class Switchboard {
  constructor(url, options = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.url = url || defaultUrl();
    this.state = "connecting";
    this.welcome = null;
    this.WebSocketImpl = this.options.WebSocket || globalThis.WebSocket;
    this.fetch = this.options.fetch || ((...args) => globalThis.fetch(...args));
    this.transport = this.options.transports[0];
    this.upgradeDelay = this.options.upgradeDelay;
    this.random = this.options.random || Math.random;
    this.setTimer = this.options.setTimeout || ((fn, ms) => setTimeout(fn, ms));
    this.listeners = new Map();
    this.subscriptions = new Map(); // pattern -> { handlers, position, presence }
    this.pending = new Map(); // request id -> { resolve, reject, frame }
    this.queue = []; // frames waiting for a connection
    this.nextId = 1;
    this.attempt = 0;
    this.closedByUser = false;
    this.open();
  }

  /**
   * Listens to `open`, `close`, `reconnecting`, `recovered`, `lost`, `state`, `error`, `presence`, `expiring` (the
   * token expires soon and no `token` function can renew it), `unsubscribed` (the server ended a subscription,
   * `{topic, code, message}`) and `transport` (`"websocket"` or `"sse"`); returns an unsubscribe function.
   */
  on(event, listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(listener);
    return () => this.listeners.get(event).delete(listener);
  }

  /**
   * Subscribes `handler(data, message)` to a topic or pattern. `since: {offset, epoch}` asks for what followed
   * that message (exact topics only). Returns a function that unsubscribes this handler.
   */
  subscribe(topic, handler, { since = null, presence = false } = {}) {
    let subscription = this.subscriptions.get(topic);
    if (!subscription) {
      subscription = { handlers: new Set(), position: isExact(topic) ? since : null, presence };
      this.subscriptions.set(topic, subscription);
      if (this.state === "connected") this.sendSubscribe(topic, subscription);
    }
    subscription.handlers.add(handler);
    return () => {
      subscription.handlers.delete(handler);
      if (subscription.handlers.size === 0 && this.subscriptions.get(topic) === subscription) {
        this.subscriptions.delete(topic);
        if (this.state === "connected") this.send({ type: "unsubscribe", id: this.newId(), topic });
      }
    };
  }

  /** Publishes; resolves with `{topic, offset, epoch}` from the ack, rejects with a SwitchboardError. */
  publish(topic, data) {
    return this.request({ type: "publish", topic, data });
  }

  /**
   * Resolves with the `history` frame. The server answers in pages that fit its send queue; this follows each
   * page's `next` until `limit` messages (or all there are) have arrived, and resolves with them in one frame.
   */
  async history(topic, { since, limit } = {}) {
    const frame = { type: "history", topic };
    if (since) frame.since = since;
    if (limit) frame.limit = limit;
    const first = await this.request(frame);
    const messages = [...first.messages];
    let page = first;
    while (page.next && (!limit || messages.length < limit)) {
      const more = { type: "history", topic, since: page.next };
      if (limit) more.limit = limit - messages.length;
      page = await this.request(more);
      messages.push(...page.messages);
    }
    const { next, ...whole } = first;
    return { ...whole, messages };
  }

  /** Resolves with the `presence` frame. */
  presence(topic) {
    return this.request({ type: "presence", topic });
  }

  /**
   * Gives the session a new token of the same subject without reconnecting (by default the `token` function's
   * next answer). Subscriptions the new token does not allow end with `unsubscribed`.
   */
  async refresh(token) {
    const next = token ?? (typeof this.options.token === "function" ? await this.options.token() : undefined);
    if (!next) throw new SwitchboardError("bad_request", "refresh needs a token, or a token function");
    if (typeof this.options.token !== "function") this.options.token = next; // for the next connection too
    return this.request({ type: "refresh", token: next });
  }

  /** Closes for good: no reconnect. */
  close() {
    this.closedByUser = true;
    this.setState("closed");
    if (this.link) this.link.close(1000, "client closed");
  }

  // -- internals ---------------------------------------------------------------------------------------------

  open() {
    const token = this.options.token;
    if (typeof token !== "function") return this.openWith(token);
    Promise.resolve()
      .then(() => token())
      .then(
        (fresh) => { if (!this.closedByUser) this.openWith(fresh); },
        (e) => {
          this.emit("error", new SwitchboardError("token", "The token function failed: " + (e && e.message)));
          this.retryLater();
        });
  }

  openWith(token) {
    this.token = token;
    const link = this.transport === "sse" ? this.streamLink(token) : this.webSocketLink(token);
    this.link = link;
    link.onframe = (frame) => {
      if (this.link === link) this.receive(frame);
    };
    link.onclose = (close) => this.closed(link, close);
  }

  webSocketLink(token) {
    const url = new URL(this.url);
    if (token) url.searchParams.set("token", token);
    const link = new WebSocketLink(this.WebSocketImpl, url.toString());
    if (this.canFallBack()) {
      this.setTimer(() => {
        if (this.link === link && !link.welcomed) link.close(4000, "no welcome");
      }, this.options.welcomeTimeout);
    }
    return link;
  }

  streamLink(token) {
    const base = new URL(".", new URL(this.url));
    base.protocol = base.protocol === "wss:" ? "https:" : "http:";
    return new StreamLink({
      base: base.toString(), token, subscriptions: this.subscriptions, fetch: this.fetch, setTimeout: this.setTimer,
    });
  }

  canFallBack() {
    return this.transport === "websocket" && this.options.transports.includes("sse");
  }

  /**
   * A WebSocket that closed without a close frame (1006: refused, or a proxy cut it) or never said welcome does
   * not pass this network: the next connection goes over the stream at once, and the WebSocket is tried again
   * later.
   */
  fellBack(link, close) {
    if (!(link instanceof WebSocketLink) || link.welcomed || !this.canFallBack()) return false;
    if (close.code !== 1006 && close.code !== 4000) return false;
    this.useTransport("sse");
    this.scheduleUpgrade();
    return true;
  }

  useTransport(transport) {
    if (this.transport !== transport) {
      this.transport = transport;
      this.emit("transport", transport);
    }
  }

  /** Tries a WebSocket beside the stream; once one says welcome, the session moves over to it, resumed. */
  scheduleUpgrade() {
    if (this.upgradePending) return;
    this.upgradePending = true;
    const delay = this.upgradeDelay;
    this.upgradeDelay = Math.min(this.options.maxUpgradeDelay, delay * 2);
    this.setTimer(() => {
      this.upgradePending = false;
      if (this.closedByUser || this.transport !== "sse") return;
      const url = new URL(this.url);
      if (this.token) url.searchParams.set("token", this.token);
      const probe = new WebSocketLink(this.WebSocketImpl, url.toString());
      probe.onframe = (frame) => {
        if (frame.type !== "welcome" || this.closedByUser || this.transport !== "sse") {
          probe.close(1000, "not needed");
          return;
        }
        const stream = this.link;
        this.link = probe;
        probe.onframe = (next) => {
          if (this.link === probe) this.receive(next);
        };
        probe.onclose = (close) => this.closed(probe, close);
        this.upgradeDelay = this.options.upgradeDelay;
        this.useTransport("websocket");
        if (stream) stream.close();
        this.abandonPending();
        this.receive(frame); // the welcome: every subscription resumes on the WebSocket from where it was
      };
      probe.onclose = () => {
        if (this.link !== probe && this.transport === "sse" && !this.closedByUser) this.scheduleUpgrade();
      };
    }, delay);
  }

  /** Requests sent on a link that is gone get no answer: they fail (subscriptions are made again instead). */
  abandonPending() {
    for (const [id, request] of this.pending) {
      if (request.frame.type !== "subscribe") {
        request.reject(new SwitchboardError("disconnected", "The connection closed before the answer came"));
      }
      this.pending.delete(id);
    }
  }

  receive(frame) {
    switch (frame.type) {
      case "welcome":
        return this.welcomed(frame);
      case "message":
        return this.dispatch(frame);
      case "ack":
        return this.acknowledged(frame);
      case "error":
        return this.failed(frame);
      case "join":
      case "leave":
        return this.emit("presence", frame);
      case "expiring":
        return this.expiring(frame);
      case "unsubscribed":
        this.subscriptions.delete(frame.topic);
        return this.emit("unsubscribed", frame);
      default:
        return this.settle(frame);
    }
  }

  welcomed(frame) {
    this.welcome = frame;
    if (this.link.welcomed) return this.emit("session", frame); // a stream reopened: the id changed, nothing else
    this.link.welcomed = true;
    this.attempt = 0;
    this.setState("connected");
    this.emit("open", frame);
    for (const [topic, subscription] of this.subscriptions) this.sendSubscribe(topic, subscription);
    const queued = this.queue.splice(0);
    for (const queuedFrame of queued) this.send(queuedFrame);
  }

  expiring(frame) {
    if (typeof this.options.token !== "function") return this.emit("expiring", frame);
    this.refresh().catch((e) => this.emit("error", e)); // if it fails, the session ends at expiry and reconnects
  }

  dispatch(message) {
    const exact = this.subscriptions.get(message.topic);
    if (exact && exact.position && exact.position.epoch === message.epoch && message.offset <= exact.position.offset) {
      return; // already seen: a replay overlapping what arrived before the outage
    }
    if (exact) exact.position = { offset: message.offset, epoch: message.epoch };
    for (const [pattern, subscription] of this.subscriptions) {
      if (pattern === message.topic || (!isExact(pattern) && matches(pattern, message.topic))) {
        for (const handler of subscription.handlers) handler(message.data, message);
      }
    }
  }

  acknowledged(ack) {
    const subscription = this.subscriptions.get(ack.topic);
    const request = this.pending.get(ack.id);
    // an ack without id: the stream link resumed a subscription on a new stream of its own
    if (subscription && ((request && request.frame.type === "subscribe") || ack.id == null)) {
      if (ack.recovered === true) this.emit("recovered", { topic: ack.topic, offset: ack.offset });
      if (ack.recovered === false) this.emit("lost", { topic: ack.topic, offset: ack.offset, epoch: ack.epoch });
      if (ack.epoch && (!subscription.position || ack.recovered === false)) {
        subscription.position = { offset: ack.offset, epoch: ack.epoch };
      }
    }
    this.settle(ack);
  }

  failed(frame) {
    const request = frame.id && this.pending.get(frame.id);
    if (request) {
      this.pending.delete(frame.id);
      request.reject(new SwitchboardError(frame.code, frame.message));
    } else {
      this.emit("error", new SwitchboardError(frame.code, frame.message));
    }
  }

  settle(frame) {
    const request = frame.id && this.pending.get(frame.id);
    if (request) {
      this.pending.delete(frame.id);
      request.resolve(frame);
    }
  }

  closed(link, event) {
    if (link !== this.link) return;
    this.abandonPending();
    this.emit("close", { code: event.code, reason: event.reason });
    if (!this.closedByUser && this.fellBack(link, event)) {
      this.open();
      return;
    }
    if (link instanceof StreamLink && !link.welcomed && event.code === 1006
        && this.options.transports.includes("websocket")) {
      this.useTransport("websocket"); // the stream did not pass either: the server, not the network, is down
    }
    const renewable = event.reason === "token expired" && typeof this.options.token === "function";
    if (this.closedByUser || (isFinalClose(event.code, event.reason) && !renewable)) {
      this.setState("closed");
      return;
    }
    this.retryLater();
  }

  retryLater() {
    const ceiling = Math.min(this.options.maxDelay, this.options.initialDelay * 2 ** this.attempt);
    const delay = Math.round(ceiling / 2 + (this.random() * ceiling) / 2); // "equal jitter"
    this.attempt += 1;
    this.setState("reconnecting");
    this.emit("reconnecting", { attempt: this.attempt, delay });
    this.setTimer(() => {
      if (!this.closedByUser) this.open();
    }, delay);
  }

  sendSubscribe(topic, subscription) {
    const frame = { type: "subscribe", id: this.newId(), topic };
    if (subscription.position) frame.since = subscription.position;
    if (subscription.presence) frame.presence = true;
    this.pending.set(frame.id, { frame, resolve: () => {}, reject: (e) => this.emit("error", e) });
    this.send(frame);
  }

  request(frame) {
    return new Promise((resolve, reject) => {
      frame.id = this.newId();
      this.pending.set(frame.id, { frame, resolve, reject });
      if (this.state === "connected") {
        this.send(frame);
      } else if (this.queue.length < this.options.maxQueued) {
        this.queue.push(frame);
      } else {
        this.pending.delete(frame.id);
        reject(new SwitchboardError("queue_full", "Too many requests are waiting for the connection"));
      }
    });
  }

  send(frame) {
    this.link.send(frame);
  }

  newId() {
    return String(this.nextId++);
  }

  setState(state) {
    if (this.state !== state) {
      this.state = state;
      this.emit("state", state);
    }
  }

  emit(event, detail) {
    for (const listener of this.listeners.get(event) || []) listener(detail);
  }
}

/** Opens a connection; `url` defaults to the `/ws` beside the current page. */
export function connect(url, options) {
  return new Switchboard(url, options);
}
