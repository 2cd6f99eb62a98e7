// Unit tests of the browser client, run by Maven with node's test runner against a fake WebSocket.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, matches } from "./load-client.mjs";

class FakeSocket {
  static instances = [];
  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.sent = [];
    FakeSocket.instances.push(this);
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close(code, reason) { this.onclose({ code, reason }); }
  // server side of the fake
  receive(frame) { this.onmessage({ data: JSON.stringify(frame) }); }
  welcome() { this.receive({ type: "welcome", session: "s" + FakeSocket.instances.length, user: null }); }
  drop(code = 1006) { this.onclose({ code, reason: "" }); }
  lastSent() { return this.sent[this.sent.length - 1]; }
}

function client(options = {}) {
  FakeSocket.instances = [];
  const timers = [];
  const sb = connect("ws://hub.test/ws", {
    WebSocket: FakeSocket, random: () => 0.5, setTimeout: (fn, ms) => timers.push({ fn, ms }),
    transports: ["websocket"], ...options, // the event-stream fallback has tests of its own
  });
  const socket = () => FakeSocket.instances[FakeSocket.instances.length - 1];
  return { sb, socket, timers };
}

test("the token travels as a query parameter with the switchboard.v1 subprotocol", () => {
  const { socket } = client({ token: "abc" });
  assert.equal(socket().url, "ws://hub.test/ws?token=abc");
  assert.deepEqual(socket().protocols, ["switchboard.v1"]);
});

test("subscriptions made before the welcome are sent once connected", () => {
  const { sb, socket } = client();
  sb.subscribe("public.a", () => {});
  assert.equal(socket().sent.length, 0);
  socket().welcome();
  assert.equal(sb.state, "connected");
  assert.deepEqual(socket().sent.map((f) => [f.type, f.topic]), [["subscribe", "public.a"]]);
});

test("messages reach the handlers of matching exact and wildcard subscriptions", () => {
  const { sb, socket } = client();
  socket().welcome();
  const seen = [];
  sb.subscribe("public.a", (data) => seen.push(["exact", data]));
  sb.subscribe("public.*", (data) => seen.push(["star", data]));
  sb.subscribe("other.>", (data) => seen.push(["other", data]));
  socket().receive({ type: "message", topic: "public.a", offset: 1, epoch: "e", data: 42 });
  assert.deepEqual(seen, [["exact", 42], ["star", 42]]);
});

test("publish resolves with the ack and rejects with the error code", async () => {
  const { sb, socket } = client();
  socket().welcome();
  const ok = sb.publish("public.a", { x: 1 });
  const sent = socket().lastSent();
  assert.deepEqual([sent.type, sent.topic, sent.data], ["publish", "public.a", { x: 1 }]);
  socket().receive({ type: "ack", id: sent.id, topic: "public.a", offset: 7, epoch: "e" });
  assert.equal((await ok).offset, 7);

  const refused = sb.publish("sys.x", 1);
  socket().receive({ type: "error", id: socket().lastSent().id, code: "forbidden", message: "no" });
  await assert.rejects(refused, (e) => e.code === "forbidden");
});

test("publishes made while disconnected wait for the connection", async () => {
  const { sb, socket } = client();
  const pending = sb.publish("public.a", 1);
  assert.equal(socket().sent.length, 0);
  socket().welcome();
  socket().receive({ type: "ack", id: socket().lastSent().id, topic: "public.a", offset: 1, epoch: "e" });
  assert.equal((await pending).offset, 1);
});

test("a lost connection reconnects with growing, jittered delays", () => {
  const { socket, timers } = client({ initialDelay: 100 });
  socket().welcome();
  socket().drop();
  assert.equal(timers[0].ms, 75); // ceiling 100: half fixed, half jitter at random 0.5
  timers[0].fn();
  socket().drop();
  assert.equal(timers[1].ms, 150);
  timers[1].fn();
  socket().welcome();
  socket().drop();
  assert.equal(timers[2].ms, 75, "a welcome resets the backoff");
});

test("reconnecting re-subscribes with since the last message seen and reports recovery", () => {
  const { sb, socket, timers } = client();
  const events = [];
  sb.on("reconnecting", () => events.push("reconnecting"));
  sb.on("recovered", ({ topic }) => events.push("recovered " + topic));
  const seen = [];
  sb.subscribe("public.a", (data) => seen.push(data));
  socket().welcome();
  socket().receive({ type: "message", topic: "public.a", offset: 4, epoch: "e1", data: "four" });
  socket().drop();
  timers[0].fn();
  socket().welcome();
  const resubscribe = socket().lastSent();
  assert.deepEqual(resubscribe.since, { offset: 4, epoch: "e1" });
  socket().receive({ type: "ack", id: resubscribe.id, topic: "public.a", offset: 6, epoch: "e1", recovered: true });
  socket().receive({ type: "message", topic: "public.a", offset: 4, epoch: "e1", data: "four again" });
  socket().receive({ type: "message", topic: "public.a", offset: 5, epoch: "e1", data: "five" });
  socket().receive({ type: "message", topic: "public.a", offset: 6, epoch: "e1", data: "six" });
  assert.deepEqual(seen, ["four", "five", "six"], "once each, in order");
  assert.deepEqual(events, ["reconnecting", "recovered public.a"]);
  assert.equal(sb.state, "connected");
});

test("an unrecoverable gap is reported as lost", () => {
  const { sb, socket, timers } = client();
  const lost = [];
  sb.on("lost", (detail) => lost.push(detail.topic));
  sb.subscribe("public.a", () => {}, { since: { offset: 2, epoch: "old" } });
  socket().welcome();
  const subscribe = socket().lastSent();
  assert.deepEqual(subscribe.since, { offset: 2, epoch: "old" });
  socket().receive({ type: "ack", id: subscribe.id, topic: "public.a", offset: 9, epoch: "new", recovered: false });
  assert.deepEqual(lost, ["public.a"]);
  socket().drop();
  timers[0].fn();
  socket().welcome();
  assert.deepEqual(socket().lastSent().since, { offset: 9, epoch: "new" }, "continues from the new epoch");
});

test("the last handler leaving unsubscribes on the server", () => {
  const { sb, socket } = client();
  socket().welcome();
  const offA = sb.subscribe("public.a", () => {});
  const offB = sb.subscribe("public.a", () => {});
  assert.equal(socket().sent.filter((f) => f.type === "subscribe").length, 1);
  offA();
  assert.equal(socket().lastSent().type, "subscribe");
  offB();
  assert.deepEqual([socket().lastSent().type, socket().lastSent().topic], ["unsubscribe", "public.a"]);
});

test("policy closes and a user close end the connection for good", () => {
  const { sb, socket, timers } = client();
  socket().welcome();
  socket().drop(1008);
  assert.equal(sb.state, "closed");
  assert.equal(timers.length, 0);

  const second = client();
  second.socket().welcome();
  second.sb.close();
  assert.equal(second.sb.state, "closed");
  assert.equal(second.timers.length, 0);
});

test("a slow consumer's close is retried, and the client resumes where it was", () => {
  const { sb, socket, timers } = client();
  socket().welcome();
  sb.subscribe("public.a", () => {});
  socket().receive({ type: "message", topic: "public.a", offset: 4, epoch: "e", data: 1 });
  socket().onclose({ code: 1008, reason: "slow consumer" });
  assert.equal(sb.state, "reconnecting");
  assert.equal(timers.length, 1);
  timers[0].fn();
  socket().welcome();
  assert.deepEqual(socket().lastSent().since, { offset: 4, epoch: "e" });
});

test("history follows the pages of a large answer up to the limit", async () => {
  const { sb, socket } = client();
  socket().welcome();
  const message = (offset) => ({ type: "message", topic: "public.a", offset, epoch: "e", data: offset });
  const whole = sb.history("public.a", { limit: 5 });
  const first = socket().lastSent();
  assert.equal(first.limit, 5);
  socket().receive({ type: "history", id: first.id, topic: "public.a", epoch: "e", recovered: true,
    messages: [message(1), message(2)], next: { offset: 2, epoch: "e" } });
  await new Promise((resolve) => setImmediate(resolve));
  const second = socket().lastSent();
  assert.deepEqual([second.since, second.limit], [{ offset: 2, epoch: "e" }, 3]);
  socket().receive({ type: "history", id: second.id, topic: "public.a", epoch: "e", recovered: true,
    messages: [message(3), message(4), message(5)] });
  const frame = await whole;
  assert.deepEqual(frame.messages.map((m) => m.offset), [1, 2, 3, 4, 5]);
  assert.equal(frame.next, undefined);
});

test("in-flight requests fail when the connection drops", async () => {
  const { sb, socket } = client();
  socket().welcome();
  const pending = sb.publish("public.a", 1);
  socket().drop();
  await assert.rejects(pending, (e) => e.code === "disconnected");
});

test("wildcards follow the server's rules", () => {
  assert.ok(matches("chat.*", "chat.a"));
  assert.ok(!matches("chat.*", "chat.a.b"));
  assert.ok(matches("chat.>", "chat.a.b"));
  assert.ok(!matches("chat.>", "chat"));
  assert.ok(matches(">", "x"));
});

test("a token function is asked before every connection", async () => {
  let issued = 0;
  const { socket, timers } = client({ token: () => `t${++issued}` });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(socket().url, "ws://hub.test/ws?token=t1");
  socket().welcome();
  socket().drop();
  timers[0].fn();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(socket().url, "ws://hub.test/ws?token=t2");
});

test("when the token expires soon, a token function's next token is sent as a refresh in place", async () => {
  let issued = 0;
  const { sb, socket } = client({ token: async () => `t${++issued}` });
  await new Promise((resolve) => setImmediate(resolve));
  socket().welcome();
  socket().receive({ type: "expiring", expiresAt: "2026-11-26T12:00:00Z" });
  await new Promise((resolve) => setImmediate(resolve));
  const refresh = socket().lastSent();
  assert.deepEqual([refresh.type, refresh.token], ["refresh", "t2"]);
  assert.equal(FakeSocket.instances.length, 1, "no reconnect");
  socket().receive({ type: "ack", id: refresh.id });
  assert.equal(sb.state, "connected");
});

test("with a fixed token, expiring is the application's to handle, and an expired token is final", () => {
  const { sb, socket, timers } = client({ token: "fixed" });
  const warnings = [];
  sb.on("expiring", (frame) => warnings.push(frame.expiresAt));
  socket().welcome();
  socket().receive({ type: "expiring", expiresAt: "2026-11-26T12:00:00Z" });
  assert.deepEqual(warnings, ["2026-11-26T12:00:00Z"]);
  assert.equal(socket().sent.length, 0);
  socket().close(1008, "token expired");
  assert.equal(sb.state, "closed");
  assert.equal(timers.length, 0);
});

test("an expired session with a token function reconnects with a fresh token", async () => {
  let issued = 0;
  const { sb, socket, timers } = client({ token: () => `t${++issued}` });
  await new Promise((resolve) => setImmediate(resolve));
  socket().welcome();
  socket().close(1008, "token expired");
  assert.equal(sb.state, "reconnecting");
  timers[0].fn();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(socket().url, "ws://hub.test/ws?token=t2");
});

test("a subscription the server ends is dropped and reported, and not resumed on reconnect", () => {
  const { sb, socket, timers } = client();
  const ended = [];
  sb.on("unsubscribed", (frame) => ended.push([frame.topic, frame.code]));
  socket().welcome();
  sb.subscribe("orders.a", () => {});
  sb.subscribe("public.a", () => {});
  socket().receive({ type: "unsubscribed", topic: "orders.a", code: "forbidden", message: "no longer" });
  assert.deepEqual(ended, [["orders.a", "forbidden"]]);
  socket().drop();
  timers[0].fn();
  socket().welcome();
  assert.deepEqual(socket().sent.filter((f) => f.type === "subscribe").map((f) => f.topic), ["public.a"]);
});

test("refresh() sends a given token and keeps it for the next connection", async () => {
  const { sb, socket, timers } = client({ token: "old" });
  socket().welcome();
  const done = sb.refresh("new");
  const refresh = socket().lastSent();
  assert.deepEqual([refresh.type, refresh.token], ["refresh", "new"]);
  socket().receive({ type: "ack", id: refresh.id });
  await done;
  socket().drop();
  timers[0].fn();
  assert.equal(socket().url, "ws://hub.test/ws?token=new");
});
