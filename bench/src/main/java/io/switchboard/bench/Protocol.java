package io.switchboard.bench;

/**
 * What the generator needs to speak to one kind of server: where to connect, how to become ready, subscribe and
 * publish with an acknowledgement, and how to tell incoming frames apart. Message data is the same JSON object
 * for every server, so latency and sequence numbers are read from it the same way.
 */
public interface Protocol {

    enum Kind { READY, ACK, REFUSED, MESSAGE, OTHER }

    /** The server's answer to one frame: what it is, and the acknowledged request's id for an ACK. */
    record Incoming(Kind kind, long id) {
        static final Incoming READY_NOW = new Incoming(Kind.READY, 0);
        static final Incoming MESSAGE = new Incoming(Kind.MESSAGE, 0);
        static final Incoming OTHER = new Incoming(Kind.OTHER, 0);

        static Incoming ack(long id) {
            return new Incoming(Kind.ACK, id);
        }

        static Incoming refused(long id) {
            return new Incoming(Kind.REFUSED, id);
        }
    }

    String name();

    /** The request path of the upgrade. */
    String path();

    /** Right after the upgrade; some protocols send a greeting first. */
    default void opened(WsConnection connection) {
    }

    /** Reads one text frame, answering protocol chatter (such as Socket.IO's pings) itself. */
    Incoming read(WsConnection connection, String text);

    void subscribe(WsConnection connection, String topic, long id);

    void publish(WsConnection connection, String topic, String data, long id);

    static Protocol named(String name) {
        return switch (name) {
            case "switchboard" -> new Protocols.Switchboard();
            case "jsr356", "ws" -> new Protocols.Lean(name);
            case "socketio" -> new Protocols.SocketIo();
            case "stomp" -> new Protocols.Stomp();
            default -> throw new IllegalArgumentException("unknown protocol " + name
                    + "; one of switchboard, jsr356, ws, socketio, stomp");
        };
    }
}
