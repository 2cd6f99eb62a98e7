package io.switchboard.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusFormatTest {

    private final String text = PrometheusFormat.render(new HubStats(3, 4, 5, 60, 70, 8, 900,
            Map.of("bad_json", 2L), 1000, 2000, 11, "standalone", new HubStats.ClusterStats(1, 3, 4, 60, 70), 500, 300, 12,
            new HubStats.StoreStats(true, false, 40, 55, 5), Map.of("fake", 3)));

    @Test
    void everyMetricHasHelpTypeAndValue() {
        assertTrue(text.contains("# HELP switchboard_connections "));
        assertTrue(text.contains("# TYPE switchboard_connections gauge\nswitchboard_connections 3\n"));
        assertTrue(text.contains("# TYPE switchboard_messages_published_total counter\nswitchboard_messages_published_total 60\n"));
        assertTrue(text.contains("switchboard_messages_delivered_total 70\n"));
        assertTrue(text.contains("switchboard_send_queue_frames 8\n"));
        assertTrue(text.contains("switchboard_send_queue_bytes 900\n"));
        assertTrue(text.contains("switchboard_heap_live_bytes 500\n"));
        assertTrue(text.contains("switchboard_history_retained_bytes 300\n"));
        assertTrue(text.contains("# TYPE switchboard_history_evicted_total counter\nswitchboard_history_evicted_total 12\n"));
    }

    @Test
    void theHistoryStoreReportsWhetherItIsUpAndWhatItCommitted() {
        assertTrue(text.contains("switchboard_store_up 0\n"));
        assertTrue(text.contains("# TYPE switchboard_store_commits_total counter\nswitchboard_store_commits_total 40\n"));
        assertTrue(text.contains("switchboard_store_committed_messages_total 55\n"));
        assertTrue(text.contains("switchboard_store_waiting_messages 5\n"));
    }

    @Test
    void errorsAreLabelledByCode() {
        assertTrue(text.contains("switchboard_errors_total{code=\"bad_json\"} 2\n"));
    }
}
