// The lean baseline on Node.js: the npm `ws` package with a minimal topic broadcast.
// Protocol (the same as the bare JSR 356 endpoint): the server greets with `ready`; `sub <topic> <id>` and
// `pub <topic> <id> <data>` are answered `ack <id>`; subscribers receive the data as published.
const { WebSocketServer } = require("ws");

const port = Number(process.env.PORT || 8080);
const topics = new Map();
const server = new WebSocketServer({ port, host: "127.0.0.1", path: "/ws", perMessageDeflate: false });

server.on("connection", (socket) => {
  const joined = new Set();
  socket.send("ready");
  socket.on("message", (raw) => {
    const text = raw.toString();
    const first = text.indexOf(" ");
    const second = text.indexOf(" ", first + 1);
    const command = text.slice(0, first);
    const topic = text.slice(first + 1, second);
    if (command === "sub") {
      if (!topics.has(topic)) topics.set(topic, new Set());
      topics.get(topic).add(socket);
      joined.add(topic);
      socket.send("ack " + text.slice(second + 1));
    } else if (command === "pub") {
      const third = text.indexOf(" ", second + 1);
      const data = text.slice(third + 1);
      for (const subscriber of topics.get(topic) || []) subscriber.send(data);
      socket.send("ack " + text.slice(second + 1, third));
    }
  });
  socket.on("close", () => {
    for (const topic of joined) topics.get(topic)?.delete(socket);
  });
});
server.on("listening", () => console.log(`ws baseline on :${port}`));
