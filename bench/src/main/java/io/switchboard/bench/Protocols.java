package io.switchboard.bench;

/** The adapters, one per protocol the benchmarked servers speak. */
final class Protocols {

    private Protocols() {
    }

    /** Switchboard's own protocol (docs/protocol.md): JSON frames, acks by id. */
    static final class Switchboard implements Protocol {

        @Override
        public String name() {
            return "switchboard";
        }

        @Override
        public String path() {
            return "/ws";
        }

        @Override
        public Incoming read(WsConnection connection, String text) {
            if (text.startsWith("{\"type\":\"message\"")) {
                return Incoming.MESSAGE;
            }
            if (text.startsWith("{\"type\":\"ack\"")) {
                return Incoming.ack(id(text));
            }
            if (text.startsWith("{\"type\":\"welcome\"")) {
                return Incoming.READY_NOW;
            }
            if (text.startsWith("{\"type\":\"error\"")) {
                System.err.println("switchboard: " + text);
                return text.contains("\"id\":\"") ? Incoming.refused(id(text)) : Incoming.OTHER;
            }
            return Incoming.OTHER;
        }

        private static long id(String frame) {
            int at = frame.indexOf("\"id\":\"") + 6;
            return Long.parseLong(frame, at, frame.indexOf('"', at), 10);
        }

        @Override
        public void subscribe(WsConnection connection, String topic, long id) {
            connection.send("{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"topic\":\"" + topic + "\"}");
        }

        @Override
        public void publish(WsConnection connection, String topic, String data, long id) {
            connection.send("{\"type\":\"publish\",\"id\":\"" + id + "\",\"topic\":\"" + topic + "\",\"data\":" + data + "}");
        }
    }

    /**
     * The lean baselines' protocol (the bare JSR 356 endpoint and the npm {@code ws} server): the server greets
     * with {@code ready}; {@code sub <topic> <id>} and {@code pub <topic> <id> <data>} are answered with
     * {@code ack <id>}; subscribers receive the data as it was published.
     */
    static final class Lean implements Protocol {

        private final String name;

        Lean(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String path() {
            return "/ws";
        }

        @Override
        public Incoming read(WsConnection connection, String text) {
            if (text.startsWith("{")) {
                return Incoming.MESSAGE;
            }
            if (text.startsWith("ack ")) {
                return Incoming.ack(Long.parseLong(text, 4, text.length(), 10));
            }
            return text.equals("ready") ? Incoming.READY_NOW : Incoming.OTHER;
        }

        @Override
        public void subscribe(WsConnection connection, String topic, long id) {
            connection.send("sub " + topic + " " + id);
        }

        @Override
        public void publish(WsConnection connection, String topic, String data, long id) {
            connection.send("pub " + topic + " " + id + " " + data);
        }
    }

    /**
     * Socket.IO 4 over its WebSocket transport (Engine.IO 4 packets): open {@code 0}, connect {@code 40}, the
     * server's ping {@code 2} answered with {@code 3}, events {@code 42[...]} and acks {@code 43<id>[...]}.
     * The server joins a socket to a room on {@code sub} and emits {@code msg} to the room on {@code pub}.
     */
    static final class SocketIo implements Protocol {

        @Override
        public String name() {
            return "socketio";
        }

        @Override
        public String path() {
            return "/socket.io/?EIO=4&transport=websocket";
        }

        @Override
        public Incoming read(WsConnection connection, String text) {
            if (text.startsWith("42[\"msg\"")) {
                return Incoming.MESSAGE;
            }
            if (text.startsWith("43")) {
                return Incoming.ack(Long.parseLong(text, 2, text.indexOf('['), 10));
            }
            if (text.equals("2")) {
                connection.send("3");
                return Incoming.OTHER;
            }
            if (text.startsWith("0{")) {
                connection.send("40");
                return Incoming.OTHER;
            }
            return text.startsWith("40") ? Incoming.READY_NOW : Incoming.OTHER;
        }

        @Override
        public void subscribe(WsConnection connection, String topic, long id) {
            connection.send("42" + id + "[\"sub\",\"" + topic + "\"]");
        }

        @Override
        public void publish(WsConnection connection, String topic, String data, long id) {
            connection.send("42" + id + "[\"pub\",\"" + topic + "\"," + data + "]");
        }
    }

    /**
     * STOMP 1.2 over a plain WebSocket, as Spring's simple broker speaks it: {@code CONNECT} then
     * {@code CONNECTED}; {@code SUBSCRIBE} and {@code SEND} to {@code /topic/<topic>} with a {@code receipt}
     * header, answered by {@code RECEIPT}; deliveries are {@code MESSAGE} frames.
     */
    static final class Stomp implements Protocol {

        @Override
        public String name() {
            return "stomp";
        }

        @Override
        public String path() {
            return "/ws";
        }

        @Override
        public void opened(WsConnection connection) {
            connection.send("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0");
        }

        @Override
        public Incoming read(WsConnection connection, String text) {
            if (text.startsWith("MESSAGE\n")) {
                return Incoming.MESSAGE;
            }
            if (text.startsWith("RECEIPT\n")) {
                int at = text.indexOf("receipt-id:") + 11;
                return Incoming.ack(Long.parseLong(text, at, text.indexOf('\n', at), 10));
            }
            if (text.startsWith("CONNECTED\n")) {
                return Incoming.READY_NOW;
            }
            if (text.startsWith("ERROR\n")) {
                throw new IllegalStateException("the server answered " + text);
            }
            return Incoming.OTHER;
        }

        @Override
        public void subscribe(WsConnection connection, String topic, long id) {
            connection.send("SUBSCRIBE\nid:" + id + "\ndestination:/topic/" + topic + "\nreceipt:" + id + "\n\n\0");
        }

        @Override
        public void publish(WsConnection connection, String topic, String data, long id) {
            connection.send("SEND\ndestination:/topic/" + topic + "\nreceipt:" + id
                    + "\ncontent-type:application/json\n\n" + data + "\0");
        }
    }
}
