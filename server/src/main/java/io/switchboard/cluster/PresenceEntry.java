package io.switchboard.cluster;

/**
 * One exact subscription as the cluster lists it: the member it lives on, its session and its user (null when
 * anonymous). Kept as text, "member \n session \n user", like every value Switchboard puts in the cluster: plain
 * strings need no serializer and no application classes on the cluster's side.
 */
record PresenceEntry(String member, String session, String user) {

    String encode() {
        return String.join("\n", member, session, user == null ? "" : user);
    }

    static PresenceEntry decode(String value) {
        String[] fields = value.split("\n", 3);
        return new PresenceEntry(fields[0], fields[1], fields[2].isEmpty() ? null : fields[2]);
    }

    boolean livesOn(String member) {
        return this.member.equals(member);
    }
}
