package io.switchboard.cluster;

import io.switchboard.protocol.ServerFrame;

/**
 * A join or a leave on one node, for the presence subscribers on the others; as text, "join|leave \n topic \n
 * session \n user" (see {@link PresenceEntry} for why).
 */
record PresenceEvent(boolean join, String topic, String session, String user) {

    static PresenceEvent of(boolean join, String topic, PresenceEntry entry) {
        return new PresenceEvent(join, topic, entry.session(), entry.user());
    }

    String encode() {
        return String.join("\n", join ? "join" : "leave", topic, session, user == null ? "" : user);
    }

    static PresenceEvent decode(String value) {
        String[] fields = value.split("\n", 4);
        String user = fields[3].isEmpty() ? null : fields[3];
        return new PresenceEvent(fields[0].equals("join"), fields[1], fields[2], user);
    }

    ServerFrame frame() {
        return join ? new ServerFrame.Join(topic, session, user) : new ServerFrame.Leave(topic, session, user);
    }
}
