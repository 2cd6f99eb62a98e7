package io.switchboard.metrics;

import io.switchboard.cluster.Cluster;
import io.switchboard.hub.Hub;
import io.switchboard.runtime.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;

/** Publishes a {@link MetricsSample} to {@code sys.metrics} every second, through the same hub as any message. */
@ApplicationScoped
public class MetricsFeed {

    public static final String TOPIC = "sys.metrics";
    static final Duration INTERVAL = Duration.ofSeconds(1);

    @Inject
    StatsCollector stats;
    @Inject
    Hub hub;
    @Inject
    Scheduler scheduler;
    @Inject
    Cluster cluster;

    private HubStats previous;
    private long previousNanos;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        previous = stats.snapshot();
        previousNanos = System.nanoTime();
        scheduler.every(INTERVAL, "sys.metrics feed", this::publish);
    }

    /**
     * Runs on the single timer thread only, so {@link #previous} needs no lock. Every node takes (and so shares)
     * its snapshot each second; in a cluster only the lead node publishes, with the cluster's sums, so that
     * {@code sys.metrics} is one series wherever its subscribers are connected.
     */
    void publish() {
        HubStats now = stats.snapshot();
        long nanos = System.nanoTime();
        double seconds = Math.max(1e-3, (nanos - previousNanos) / 1e9);
        HubStats.ClusterStats all = now.cluster();
        HubStats.ClusterStats before = previous.cluster();
        if (cluster.leads()) {
            hub.publish(TOPIC, new MetricsSample(all.connections(), all.subscriptions(), now.topics(),
                    all.published(), all.delivered(), round((all.published() - before.published()) / seconds),
                    round((all.delivered() - before.delivered()) / seconds), now.sendQueueFrames(),
                    now.heapUsedBytes(), now.heapMaxBytes(), all.nodes()));
        }
        previous = now;
        previousNanos = nanos;
    }

    private static double round(double perSecond) {
        return Math.round(perSecond * 10) / 10.0;
    }
}
