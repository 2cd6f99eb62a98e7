package io.switchboard.cluster;

/**
 * What one node reports to the others for the cluster's sums: its open connections and subscriptions, and the
 * messages it took and delivered since it started. In the cluster as text, four numbers (see {@link
 * PresenceEntry} for why).
 */
public record NodeCounts(int connections, int subscriptions, long published, long delivered) {

    String encode() {
        return connections + " " + subscriptions + " " + published + " " + delivered;
    }

    static NodeCounts decode(String value) {
        String[] fields = value.split(" ", 4);
        return new NodeCounts(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), Long.parseLong(fields[2]),
                Long.parseLong(fields[3]));
    }
}
