// Unit tests of the browser client's event-stream fallback, against a fake WebSocket and a fake hub behind fetch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, readEvents, resumeId } from "./load-client.mjs";

class FakeSocket {
  static instances = [];
  constructor(url) {
    this.url = url;
    this.sent = [];
    FakeSocket.instances.push(this);
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close(code, reason) { this.closed = { code, reason }; this.onclose({ code, reason }); }
  receive(frame) { this.onmessage({ data: JSON.stringify(frame) }); }
  welcome() { this.receive({ type: "welcome", session: "ws", user: null, heartbeat: 25 }); }
}

/** One event stream the fake hub answers, written by the test. */
class FakeStream {
  constructor(request) {
    this.request = request;
    this.encoder = new TextEncoder();
    this.body = new ReadableStream({ start: (controller) => { this.controller = controller; } });
  }
  topics() { return this.request.url.searchParams.getAll("topic"); }
  header(name) { return this.request.init.headers[name]; }
  write(text) { this.controller.enqueue(this.encoder.encode(text)); }
  event(frame, id) { this.write(`${id ? `id: ${id}\n` : ""}data: ${JSON.stringify(frame)}\n\n`); }
  welcome(session = "sse") { this.event({ type: "welcome", session, user: null, heartbeat: 25, handshake: null }); }
  close(code, reason) {
    this.write(`event: close\ndata: ${JSON.stringify({ code, reason })}\n\n`);
    this.controller.close();
  }
  abort() {
    this.aborted = true;
    try { this.controller.error(new Error("aborted")); } catch { /* ended already */ }
  }
}

/** The hub behind fetch: streams for GET /api/stream, `rest(request)` answers the rest. */
class FakeHub {
  constructor() {
    this.streams = [];
    this.requests = [];
    this.refusals = [];
    this.rest = () => ({ status: 404, body: { code: "not_found", message: "no" } });
  }
  fetch = async (url, init = {}) => {
    const request = { url: new URL(url), init };
    this.requests.push(request);
    if (request.url.pathname === "/api/stream") {
      if (this.refusals.length) return answer(this.refusals.shift());
      const stream = new FakeStream(request);
      init.signal.addEventListener("abort", () => stream.abort());
      this.streams.push(stream);
      return { ok: true, status: 200, body: stream.body };
    }
    return answer(await this.rest(request));
  };
  stream() { return this.streams[this.streams.length - 1]; }
}

function answer({ status, body }) {
  return { ok: status >= 200 && status < 300, status, json: async () => body };
}

/** Lets the fake streams' reads and the client's promises run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

function client(options = {}, prepare = () => {}) {
  FakeSocket.instances = [];
  const hub = new FakeHub();
  prepare(hub);
  const timers = [];
  const sb = connect("ws://hub.test/ws", {
    WebSocket: FakeSocket, fetch: hub.fetch, random: () => 0.5, setTimeout: (fn, ms) => timers.push({ fn, ms }),
    ...options,
  });
  const socket = () => FakeSocket.instances[FakeSocket.instances.length - 1];
  const timer = (ms) => timers.find((t) => t.ms === ms && !t.done);
  const fire = (ms) => { const t = timer(ms); t.done = true; t.fn(); };
  return { sb, socket, hub, timers, fire };
}

/** A client that fell back to the stream and was welcomed there, subscribed to `topics`. */
async function onStream(topics = [], options = {}) {
  const c = client(options);
  const seen = [];
  for (const topic of topics) c.sb.subscribe(topic, (data) => seen.push(data));
  c.socket().onclose({ code: 1006, reason: "" });
  await settle();
  c.hub.stream().welcome();
  await settle();
  return { ...c, seen };
}

test("a WebSocket that closes before its welcome gives way to the event stream at once", async () => {
  const { sb, socket, hub } = client({ token: "tok" });
  const transports = [];
  sb.on("transport", (transport) => transports.push(transport));
  sb.subscribe("public.a", () => {});
  sb.subscribe("public.b.*", () => {}, { presence: false });
  socket().onclose({ code: 1006, reason: "" });
  await settle();
  assert.deepEqual(transports, ["sse"]);
  assert.equal(sb.transport, "sse");
  const stream = hub.stream();
  assert.equal(stream.request.url.origin + stream.request.url.pathname, "http://hub.test/api/stream");
  assert.deepEqual(stream.topics(), ["public.a", "public.b.*"]);
  assert.equal(stream.header("Authorization"), "Bearer tok", "the token in a header, not in the URL");
  stream.welcome();
  await settle();
  assert.equal(sb.state, "connected");
  assert.equal(sb.welcome.session, "sse");
});

test("a WebSocket that says no welcome in time gives way too; a refusal by the server does not", async () => {
  const late = client({ welcomeTimeout: 3000 });
  late.fire(3000);
  assert.deepEqual(late.socket().closed, { code: 4000, reason: "no welcome" });
  await settle();
  assert.equal(late.sb.transport, "sse");
  assert.equal(late.hub.streams.length, 1);

  const full = client();
  full.socket().onclose({ code: 1013, reason: "server full, try again later" });
  await settle();
  assert.equal(full.sb.transport, "websocket", "the upgrade passed: the server asked to come back later");
  assert.equal(full.hub.streams.length, 0);
});

test("messages and replies come from the stream, with the subscriptions' ids the client gave", async () => {
  const { sb, hub, seen } = await onStream(["public.a"]);
  const stream = hub.stream();
  stream.event({ type: "ack", id: "1", topic: "public.a", offset: 0, epoch: "e" }, "public.a:e:0");
  stream.event({ type: "message", topic: "public.a", offset: 1, epoch: "e", data: "one" }, "public.a:e:1");
  await settle();
  assert.deepEqual(seen, ["one"]);
  assert.equal(sb.state, "connected");
});

test("publish, history and presence go over REST, publishes one after another", async () => {
  const { sb, hub } = await onStream();
  const answers = [];
  hub.rest = (request) => new Promise((resolve) => answers.push({ request, resolve }));
  const first = sb.publish("public.a", { n: 1 });
  const second = sb.publish("public.a", { n: 2 });
  await settle();
  assert.equal(answers.length, 1, "the second waits for the first, so they keep their order");
  const { request } = answers[0];
  assert.equal(request.init.method, "POST");
  assert.equal(request.url.pathname, "/api/topics/public.a/messages");
  assert.equal(request.init.headers["Content-Type"], "application/json");
  assert.equal(request.init.body, '{"n":1}');
  answers[0].resolve({ status: 201, body: { topic: "public.a", offset: 7, epoch: "e" } });
  assert.equal((await first).offset, 7);
  await settle();
  answers[1].resolve({ status: 429, body: { code: "rate_limited", message: "slow down" } });
  await assert.rejects(second, (e) => e.code === "rate_limited");

  hub.rest = (request) => ({ status: 200, body: request.url.pathname.endsWith("/presence")
    ? { type: "presence", topic: "public.a", count: 0, clients: [] }
    : { type: "history", topic: "public.a", epoch: "e", recovered: true, messages: [], search: request.url.search } });
  const history = await sb.history("public.a", { since: { offset: 3, epoch: "e" }, limit: 5 });
  assert.equal(history.search, "?since=3&epoch=e&limit=5");
  assert.equal((await sb.presence("public.a")).count, 0);
});

test("subscribing on the stream opens one with the new set, resumed, and drops the old once welcomed", async () => {
  const { sb, hub, seen } = await onStream(["public.a"]);
  const first = hub.stream();
  first.event({ type: "ack", id: "1", topic: "public.a", offset: 0, epoch: "e" }, "public.a:e:0");
  first.event({ type: "message", topic: "public.a", offset: 1, epoch: "e", data: "one" }, "public.a:e:1");
  await settle();
  const opened = [];
  sb.on("open", () => opened.push("open"));
  const sessions = [];
  sb.on("session", (welcome) => sessions.push(welcome.session));
  const more = [];
  sb.subscribe("public.b", (data) => more.push(data));
  await settle();
  const second = hub.stream();
  assert.notEqual(second, first);
  assert.deepEqual(second.topics(), ["public.a", "public.b"]);
  assert.equal(second.header("Last-Event-ID"), "public.a:e:1", "resumed from what the client saw");
  first.event({ type: "message", topic: "public.a", offset: 2, epoch: "e", data: "two" }, "public.a:e:2");
  await settle();
  second.welcome("sse-2");
  second.event({ type: "ack", id: "1", topic: "public.a", offset: 2, epoch: "e", recovered: true });
  second.event({ type: "ack", id: "2", topic: "public.b", offset: 0, epoch: "f" });
  second.event({ type: "message", topic: "public.a", offset: 2, epoch: "e", data: "two again" });
  second.event({ type: "message", topic: "public.b", offset: 1, epoch: "f", data: "b1" });
  await settle();
  assert.ok(first.aborted, "the old stream is dropped");
  assert.deepEqual(seen, ["one", "two"], "nothing twice");
  assert.deepEqual(more, ["b1"]);
  assert.deepEqual(opened, [], "the session goes on: no new open");
  assert.equal(sb.welcome.session, "sse-2", "under the new stream's id, which an admin's DELETE finds");
  assert.deepEqual(sessions, ["sse-2"]);
});

test("a refused stream closes as a WebSocket would: a bad token for good, a full server for later", async () => {
  const bad = client({ transports: ["sse"], token: "expired" },
    (hub) => hub.refusals.push({ status: 401, body: { code: "unauthorized", message: "The token has expired" } }));
  await settle();
  await settle();
  assert.equal(bad.sb.state, "closed");

  const busy = client({ transports: ["sse"] },
    (hub) => hub.refusals.push({ status: 503, body: { code: "unavailable", message: "server full" } }));
  const reconnecting = [];
  busy.sb.on("reconnecting", (detail) => reconnecting.push(detail.attempt));
  await settle();
  await settle();
  assert.deepEqual(reconnecting, [1]);
  assert.equal(busy.sb.transport, "sse");
});

test("the server's close event ends the stream with its code: a slow consumer comes back and resumes", async () => {
  const { sb, hub, timers } = await onStream(["public.a"]);
  const closes = [];
  sb.on("close", (close) => closes.push(close));
  hub.stream().close(1008, "slow consumer");
  await settle();
  assert.deepEqual(closes, [{ code: 1008, reason: "slow consumer" }]);
  assert.equal(sb.state, "reconnecting");
  assert.ok(timers.some((t) => t.ms < 1000), "retried with the backoff");
});

test("the WebSocket is tried again later, and the session moves to it once it says welcome", async () => {
  const { sb, hub, socket, fire, seen } = await onStream(["public.a"], { upgradeDelay: 20000 });
  const stream = hub.stream();
  stream.event({ type: "ack", id: "1", topic: "public.a", offset: 0, epoch: "e" }, "public.a:e:0");
  stream.event({ type: "message", topic: "public.a", offset: 1, epoch: "e", data: "one" }, "public.a:e:1");
  await settle();
  const transports = [];
  sb.on("transport", (transport) => transports.push(transport));
  fire(20000);
  const probe = socket();
  probe.welcome();
  await settle();
  assert.deepEqual(transports, ["websocket"]);
  assert.ok(stream.aborted);
  const resubscribe = probe.sent.find((frame) => frame.type === "subscribe");
  assert.deepEqual(resubscribe.since, { offset: 1, epoch: "e" }, "resumed where the stream left off");
  probe.receive({ type: "message", topic: "public.a", offset: 2, epoch: "e", data: "two" });
  assert.deepEqual(seen, ["one", "two"]);
});

test("a WebSocket that still does not pass is tried again later and later", async () => {
  const { socket, fire, timers } = await onStream([], { upgradeDelay: 1000, maxUpgradeDelay: 3000 });
  fire(1000);
  socket().onclose({ code: 1006, reason: "" });
  fire(2000);
  socket().onclose({ code: 1006, reason: "" });
  assert.ok(timers.some((t) => t.ms === 3000 && !t.done), "doubling up to the most");
});

test("events are read across chunk boundaries, comments apart", async () => {
  const parts = ["data: {\"a\"", ":1}\n", "\n: heartbeat\n\nevent: close\r\nda", "ta: x\n\n"];
  const body = new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
  const events = [];
  let comments = 0;
  await readEvents(body, (event) => events.push(event), () => comments++);
  assert.deepEqual(events, [{ name: "message", data: "{\"a\":1}" }, { name: "close", data: "x" }]);
  assert.equal(comments, 1);
});

test("the resume id names every exact topic's position", () => {
  const subscriptions = new Map([
    ["public.a", { position: { offset: 4, epoch: "e1" } }],
    ["public.*", { position: null }],
    ["b", { position: { offset: 0, epoch: "e2" } }],
  ]);
  assert.equal(resumeId(subscriptions), "public.a:e1:4,b:e2:0");
});

test("a refresh opens a stream with the new token, which replaces the old one once welcomed", async () => {
  const { sb, hub } = await onStream(["public.a"], { token: "old" });
  const first = hub.stream();
  const refreshed = sb.refresh("new");
  await settle();
  const second = hub.stream();
  assert.equal(second.header("Authorization"), "Bearer new");
  second.welcome("sse-refreshed");
  second.event({ type: "error", id: "1", code: "forbidden", message: "not with this token" });
  const ended = [];
  sb.on("unsubscribed", (frame) => ended.push(frame.topic));
  assert.ok((await refreshed).id);
  await settle();
  assert.ok(first.aborted);
  assert.equal(sb.welcome.session, "sse-refreshed");
  assert.deepEqual(ended, ["public.a"], "what the new token does not allow ends, as on /ws");

  hub.refusals.push({ status: 401, body: { code: "unauthorized", message: "The token has expired" } });
  await assert.rejects(sb.refresh("stale"), (e) => e.code === "unauthorized");
  await sb.publish("public.a", 1).catch(() => {});
  assert.equal(hub.requests[hub.requests.length - 1].init.headers.Authorization, "Bearer new",
    "a refused token is not used");
});

test("a new stream that ends before its welcome ends the link: the client reconnects", async () => {
  const { sb, hub } = await onStream(["public.a"]);
  sb.subscribe("public.b", () => {});
  await settle();
  hub.stream().controller.close();
  await settle();
  assert.equal(sb.state, "reconnecting");
});
