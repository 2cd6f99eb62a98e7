// The fallback link of switchboard.js, for networks that refuse the WebSocket upgrade: the same frames over a
// Server-Sent Events stream (GET /api/stream, read with fetch so that the token travels in a header and a refusal
// keeps its status) and REST (publish, history, presence). It takes the frames a client sends and gives back the
// frames the server would answer on /ws, so the client above it does not know which link it has.
//
// The stream carries a fixed set of subscriptions. Subscribing or unsubscribing opens a new stream with the new
// set, resumed from the client's positions, and drops the old one once the new one is welcomed: exact topics lose
// nothing and repeat nothing (the client skips what it has seen); a wildcard message may come twice in that moment.

/** The resume id of docs/protocol.md: `topic:epoch:offset` for each exact topic with a position. */
export function resumeId(subscriptions) {
  const positions = [];
  for (const [topic, subscription] of subscriptions) {
    if (subscription.position) {
      positions.push(`${topic}:${subscription.position.epoch}:${subscription.position.offset}`);
    }
  }
  return positions.join(",");
}

/** Reads `text/event-stream` from a fetch body: calls `onevent({name, data})`, `oncomment()`; resolves at its end. */
export async function readEvents(body, onevent, oncomment) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let name = "message";
  let data = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
      if (line === "") {
        if (data !== null) onevent({ name, data });
        name = "message";
        data = null;
      } else if (line.startsWith(":")) {
        oncomment();
      } else {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "event") name = value;
        if (field === "data") data = data === null ? value : data + "\n" + value;
      }
    }
  }
}

/** A refused stream's HTTP status as the close a WebSocket would have had: final for tokens, else retryable. */
function closeFor(status, error) {
  const reason = `${error.code}: ${error.message}`;
  if (status === 401 || status === 403) return { code: 1008, reason: "bad token: " + error.message };
  if (status === 429 || status >= 500) return { code: 1013, reason };
  return { code: 1008, reason };
}

export class StreamLink {
  /**
   * @param base          the hub's base URL, ending in "/" (`api/stream` and `api/topics` are beside it)
   * @param token         the token, or undefined for an anonymous session
   * @param subscriptions the client's subscriptions: topic -> `{position, presence}`, read when a stream opens
   * @param fetch         the fetch function
   * @param setTimeout    schedules the watchdog that ends a stream whose heartbeats stopped
   */
  constructor({ base, token, subscriptions, fetch, setTimeout }) {
    this.base = base;
    this.token = token;
    this.subscriptions = subscriptions;
    this.fetch = fetch;
    this.setTimer = setTimeout;
    this.onframe = () => {};
    this.onclose = () => {};
    this.stream = null; // the stream in use: { controller, topics, ids, answers, welcome, response }
    this.publishing = Promise.resolve(); // publishes leave one after another, as on one WebSocket
    this.closed = false;
    this.pendingReopen = null;
    this.openStream([...subscriptions.keys()]).then((stream) => this.use(stream, null));
  }

  /** Takes a frame the client would send on /ws. */
  send(frame) {
    switch (frame.type) {
      case "subscribe":
        return this.subscribe(frame);
      case "unsubscribe":
        this.reopen(() => {}); // the client has let go of the topic already
        return this.onframe({ type: "ack", id: frame.id, topic: frame.topic });
      case "publish":
        return this.publish(frame);
      case "history":
        return this.history(frame);
      case "presence":
        return this.get(frame.id, `api/topics/${encodeURIComponent(frame.topic)}/presence`);
      case "refresh":
        return this.refresh(frame);
      case "ping":
        return this.onframe({ type: "pong", id: frame.id });
      default:
        return this.onframe({ type: "error", id: frame.id, code: "unknown_type", message: frame.type });
    }
  }

  /** Ends the link for good; `onclose` is not called. */
  close() {
    this.closed = true;
    if (this.stream) this.stream.controller.abort();
  }

  // -- the stream --------------------------------------------------------------------------------------------

  /**
   * Opens a stream of `topics`, resolving once its answer is in: a stream (`welcome` not yet seen) or, when the
   * server refused it, null after telling `refused({code, reason})`.
   */
  async openStream(topics, refused = (close) => this.end(close)) {
    const url = new URL("api/stream", this.base);
    for (const topic of topics) url.searchParams.append("topic", topic);
    for (const topic of topics) {
      if (this.subscriptions.get(topic)?.presence) url.searchParams.append("presence", topic);
    }
    const headers = { Accept: "text/event-stream" };
    if (this.token) headers.Authorization = "Bearer " + this.token;
    const resume = resumeId(this.subscriptions);
    if (resume) headers["Last-Event-ID"] = resume;
    const stream = { controller: new AbortController(), topics, answers: new Map(), ids: new Map(), welcome: null };
    let response;
    try {
      response = await this.fetch(url.toString(), { headers, signal: stream.controller.signal, cache: "no-store" });
    } catch (e) {
      if (!this.closed) refused({ code: 1006, reason: "the stream could not open" });
      return null;
    }
    if (!response.ok) {
      const error = await response.json().catch(() => ({ code: "http_" + response.status, message: "" }));
      refused(closeFor(response.status, error));
      return null;
    }
    stream.response = response;
    return stream;
  }

  /** Reads `stream` as the link's stream, dropping `previous` once it is welcomed. */
  use(stream, previous, welcomed = () => {}) {
    if (!stream || this.closed) {
      if (stream) stream.controller.abort();
      return;
    }
    let close = null;
    let heard = 0;
    const watch = (seconds) => {
      const seen = heard;
      this.setTimer(() => {
        if (this.stream !== stream) return;
        if (heard === seen) stream.controller.abort(); // no heartbeat for 2.5 beats: the stream is gone
        else watch(seconds);
      }, seconds * 2500);
    };
    readEvents(stream.response.body, ({ name, data }) => {
      heard++;
      if (name === "close") {
        close = JSON.parse(data);
        return;
      }
      const frame = JSON.parse(data);
      if (frame.type === "welcome") {
        stream.welcome = frame;
        if (previous) previous.controller.abort();
        this.stream = stream;
        if (frame.heartbeat) watch(frame.heartbeat);
        welcomed(frame);
        // a stream that replaces one is the same session to the client, under the new stream's id
        return this.onframe(frame);
      }
      if (this.stream !== stream) return;
      this.fromStream(stream, frame, previous);
    }, () => heard++).catch(() => {}).then(() => {
      // the stream in use, or one that was to replace it and ended before its welcome
      if (!this.closed && (this.stream === stream || !stream.welcome)) {
        this.end(close || { code: 1006, reason: "the stream ended" });
      }
    });
  }

  /** A frame of the stream, with the ids of its subscriptions turned into the client's. */
  fromStream(stream, frame, previous) {
    if ((frame.type === "ack" || frame.type === "error") && frame.id) {
      const topic = stream.topics[Number(frame.id) - 1];
      const carriedBefore = previous && previous.topics.includes(topic);
      if (carriedBefore) {
        // a subscription the client made before: tell it only what changed
        if (frame.type === "error") {
          this.onframe({ type: "unsubscribed", topic, code: frame.code, message: frame.message });
        } else if (frame.recovered === false) {
          this.onframe({ ...frame, id: null });
        }
        return;
      }
      const id = stream.ids.get(topic);
      if (id === undefined) {
        stream.answers.set(topic, frame); // the client's subscribe is still to come
        return;
      }
      return this.onframe({ ...frame, id });
    }
    this.onframe(frame);
  }

  subscribe(frame) {
    const stream = this.stream;
    if (stream && stream.topics.includes(frame.topic)) {
      stream.ids.set(frame.topic, frame.id);
      const answer = stream.answers.get(frame.topic);
      if (answer) {
        stream.answers.delete(frame.topic);
        this.onframe({ ...answer, id: frame.id });
      }
      return;
    }
    this.reopen((stream) => stream.ids.set(frame.topic, frame.id));
  }

  /**
   * Opens a new stream with the client's subscriptions, in a microtask so that the changes of one tick share it;
   * `prepare` readies it before it is read.
   */
  reopen(prepare) {
    if (!this.pendingReopen) {
      this.pendingReopen = [];
      queueMicrotask(() => {
        const prepares = this.pendingReopen;
        this.pendingReopen = null;
        const previous = this.stream;
        this.openStream([...this.subscriptions.keys()]).then((stream) => {
          if (!stream) return;
          prepares.forEach((p) => p(stream));
          this.use(stream, previous);
        });
      });
    }
    this.pendingReopen.push(prepare);
  }

  /** A new token: a stream with it replaces the current one once welcomed; if it is refused, the old token stays. */
  async refresh(frame) {
    const old = this.token;
    this.token = frame.token;
    const previous = this.stream;
    const stream = await this.openStream([...this.subscriptions.keys()], (close) => {
      this.token = old;
      this.onframe({ type: "error", id: frame.id, code: close.code === 1008 ? "unauthorized" : "unavailable",
        message: close.reason });
    });
    if (!stream) return;
    this.use(stream, previous, () => this.onframe({ type: "ack", id: frame.id }));
  }

  end(close) {
    if (this.closed) return;
    this.closed = true;
    if (this.stream) this.stream.controller.abort();
    this.onclose(close);
  }

  // -- REST --------------------------------------------------------------------------------------------------

  publish(frame) {
    const path = `api/topics/${encodeURIComponent(frame.topic)}/messages`;
    const body = JSON.stringify(frame.data === undefined ? null : frame.data);
    this.publishing = this.publishing.then(() => this.call(frame.id, path, { method: "POST", body },
      (published) => ({ type: "ack", id: frame.id, ...published })));
  }

  history(frame) {
    const params = new URLSearchParams();
    if (frame.since) {
      params.set("since", frame.since.offset);
      params.set("epoch", frame.since.epoch);
    }
    if (frame.limit) params.set("limit", frame.limit);
    const query = params.toString();
    return this.get(frame.id, `api/topics/${encodeURIComponent(frame.topic)}/messages${query ? "?" + query : ""}`);
  }

  get(id, path) {
    return this.call(id, path, { method: "GET" }, (answer) => ({ ...answer, id }));
  }

  /** One REST call, answered as a frame: `answer(body)` on success, the error frame otherwise. */
  async call(id, path, { method, body }, answer) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (this.token) headers.Authorization = "Bearer " + this.token;
    try {
      const response = await this.fetch(new URL(path, this.base).toString(), { method, headers, body });
      const json = await response.json();
      this.onframe(response.ok ? answer(json) : { type: "error", id, code: json.code, message: json.message });
    } catch (e) {
      this.onframe({ type: "error", id, code: "disconnected", message: "The request failed: " + (e && e.message) });
    }
  }
}
