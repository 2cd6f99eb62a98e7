package io.switchboard.metrics;

import java.util.Map;

/** Renders a {@link HubStats} in the Prometheus text exposition format, version 0.0.4. */
public final class PrometheusFormat {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusFormat() {
    }

    public static String render(HubStats stats) {
        StringBuilder out = new StringBuilder(2048);
        gauge(out, "switchboard_connections", "Open WebSocket sessions on this node.", stats.connections());
        gauge(out, "switchboard_subscriptions", "Active subscriptions, exact and wildcard.", stats.subscriptions());
        gauge(out, "switchboard_topics", "Topics with subscribers or retained messages.", stats.topics());
        counter(out, "switchboard_messages_published_total", "Messages accepted for publishing.", stats.published());
        counter(out, "switchboard_messages_delivered_total", "Messages handed to subscribers' send queues.",
                stats.delivered());
        header(out, "switchboard_errors_total", "Requests refused, by error code.", "counter");
        for (Map.Entry<String, Long> error : stats.errors().entrySet()) {
            out.append("switchboard_errors_total{code=\"").append(error.getKey()).append("\"} ")
                    .append(error.getValue()).append('\n');
        }
        gauge(out, "switchboard_send_queue_frames", "Frames waiting in all sessions' send queues.",
                stats.sendQueueFrames());
        gauge(out, "switchboard_send_queue_bytes", "Bytes waiting in all sessions' send queues.",
                stats.sendQueueBytes());
        gauge(out, "switchboard_heap_used_bytes", "JVM heap in use.", stats.heapUsedBytes());
        gauge(out, "switchboard_heap_max_bytes", "JVM heap limit.", stats.heapMaxBytes());
        gauge(out, "switchboard_heap_live_bytes", "JVM heap in use after the last garbage collection.",
                stats.heapLiveBytes());
        gauge(out, "switchboard_history_retained_bytes", "Estimated heap of the retained history.",
                stats.retainedBytes());
        counter(out, "switchboard_history_evicted_total", "Messages evicted to keep history within its budget.",
                stats.evicted());
        HubStats.StoreStats store = stats.store();
        if (store.durable()) {
            gauge(out, "switchboard_store_up", "1 while the history store accepts commits, 0 while it is unreachable.",
                    store.available() ? 1 : 0);
            counter(out, "switchboard_store_commits_total", "Transactions committed to the history store.",
                    store.commits());
            counter(out, "switchboard_store_committed_messages_total", "Durable messages committed.",
                    store.committed());
            gauge(out, "switchboard_store_waiting_messages", "Durable messages waiting for their commit.",
                    store.waiting());
        }
        gauge(out, "switchboard_uptime_seconds", "Seconds since the JVM started.", stats.uptimeSeconds());
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "gauge");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "counter");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
