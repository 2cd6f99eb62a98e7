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

const DEFAULTS = { initialDelay: 500, maxDelay: 15000, maxQueued: 1000 };
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
   * token expires soon and no `token` function can renew it) and `unsubscribed` (the server ended a subscription,
   * `{topic, code, message}`); returns an unsubscribe function.
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
    if (this.socket) this.socket.close(1000, "client closed");
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
    const url = new URL(this.url);
    if (token) url.searchParams.set("token", token);
    const socket = new this.WebSocketImpl(url.toString(), ["switchboard.v1"]);
    this.socket = socket;
    socket.onmessage = (event) => this.receive(JSON.parse(event.data));
    socket.onclose = (event) => this.closed(socket, event);
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
    if (request && request.frame.type === "subscribe" && subscription) {
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

  closed(socket, event) {
    if (socket !== this.socket) return;
    for (const [id, request] of this.pending) {
      if (request.frame.type !== "subscribe") {
        request.reject(new SwitchboardError("disconnected", "The connection closed before the answer came"));
      }
      this.pending.delete(id);
    }
    this.emit("close", { code: event.code, reason: event.reason });
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
    this.socket.send(JSON.stringify(frame));
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
