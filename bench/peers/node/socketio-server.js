// Socket.IO 4 with rooms, as a web team would write a topic hub: `sub` joins a room, `pub` emits `msg` to it,
// both acknowledged. WebSocket transport only (the generator connects straight to it).
const { createServer } = require("http");
const { Server } = require("socket.io");

const port = Number(process.env.PORT || 8080);
const http = createServer((request, response) => {
  response.writeHead(request.url === "/health" ? 200 : 404).end();
});
const io = new Server(http, { transports: ["websocket"], perMessageDeflate: false, serveClient: false });

io.on("connection", (socket) => {
  socket.on("sub", (topic, ack) => {
    socket.join(topic);
    if (ack) ack();
  });
  socket.on("pub", (topic, data, ack) => {
    io.to(topic).emit("msg", data);
    if (ack) ack();
  });
});
http.listen(port, "127.0.0.1", () => console.log(`socket.io on :${port}`));
