package io.switchboard.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns a run's raw results ({@code <server>-<scenario>.properties}, {@code <server>-meta.properties}) into
 * {@code latest.md}, and lists the S1 latency distributions for the plot: {@code Report <raw dir> <out dir>}.
 */
public final class Report {

    private static final Map<String, String> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("s1", "S1 fan-out: 1,000 subscribers on one topic, one publisher at 100 msg/s of 100-byte JSON");
        SCENARIOS.put("s2", "S2 saturation: 100 subscribers, publishers as fast as acks allow "
                + "(the most deliveries/s with p99 under 50 ms)");
        SCENARIOS.put("s3", "S3 idle scale: connections each subscribed to a topic of its own");
        SCENARIOS.put("s4", "S4 many topics: 1,000 topics with one subscriber each, every topic published once a second");
        SCENARIOS.put("w0", "W0 wildcard index, none: 100 subscribers on one topic at 200 msg/s (the reference for W1)");
        SCENARIOS.put("w1", "W1 wildcard index: W0 after 100,000 unrelated wildcard subscriptions (20 connections), "
                + "Switchboard only");
        SCENARIOS.put("f1", "F1 latency under a flood: one subscriber, one publisher at 10 msg/s, while 24 connections "
                + "publish 60 KB messages 20 times a second each to 50 topics each");
        SCENARIOS.put("x0", "X0 one node: 100 subscribers on one topic, one publisher at 50 msg/s (the reference for X1)");
        SCENARIOS.put("x1", "X1 across nodes: X0 on a two-node Switchboard cluster, publisher on node A, subscribers on node B");
    }

    private static final List<String> TRAFFIC = List.of("deliveries_per_second", "p50_ms", "p99_ms", "p999_ms",
            "max_ms", "lost", "duplicates", "out_of_order", "unacked", "server_cpu_percent", "server_rss_mib");
    /** S2 is where a durable store's commits show: the publishers' wait for their acks. */
    private static final List<String> SATURATION = Stream.of(Stream.of("publishers_x_window"), TRAFFIC.stream(),
            Stream.of("ack_p50_ms", "ack_p99_ms")).flatMap(s -> s).toList();
    private static final List<String> IDLE = List.of("connections", "connect_per_second", "heap_per_connection_kib",
            "rss_per_connection_kib", "rss_mib", "still_open");
    private static final List<String> META = List.of("startup_ms", "artifact", "artifact_mib", "runtime");

    public static void main(String[] args) throws IOException {
        Path raw = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Map<String, Map<String, Properties>> byScenario = new TreeMap<>();
        Map<String, Properties> meta = new TreeMap<>();
        try (Stream<Path> files = Files.list(raw)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
                Properties properties = load(file);
                if (file.getFileName().toString().endsWith("-meta.properties")) {
                    meta.put(properties.getProperty("server"), properties);
                } else {
                    byScenario.computeIfAbsent(properties.getProperty("scenario"), s -> new TreeMap<>())
                            .put(properties.getProperty("server"), properties);
                }
            }
        }
        StringBuilder md = new StringBuilder("# Benchmark results\n\n");
        boolean quick = args.length > 2 && args[2].equals("--quick");
        md.append("Written by `bench/run").append(quick ? " --quick" : "").append("`. ");
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", Java ").append(System.getProperty("java.version")).append(".\n\n");
        if (quick) {
            md.append("A quick run: S1 with 200 subscribers, S3 with 300 connections, S4 with 200 topics, 2 seconds ")
                    .append("each, JVMs with the quick compiler only. It checks that everything works; compare full ")
                    .append("runs only.\n\n");
        }
        table(md, "Servers", meta, META);
        for (Map.Entry<String, String> scenario : SCENARIOS.entrySet()) {
            Map<String, Properties> results = byScenario.get(scenario.getKey());
            if (results != null) {
                List<String> columns = switch (scenario.getKey()) {
                    case "s2" -> SATURATION;
                    case "s3" -> IDLE;
                    default -> TRAFFIC;
                };
                table(md, scenario.getValue(), results, columns);
            }
        }
        md.append("![S1 latency by percentile](latency.png)\n");
        Files.writeString(out.resolve("latest.md"), md);
        List<String> plots = new ArrayList<>();
        Map<String, Properties> fanOut = byScenario.getOrDefault("s1", Map.of());
        for (String server : fanOut.keySet()) {
            Path hgrm = raw.resolve(server + "-s1.hgrm");
            if (Files.exists(hgrm)) {
                plots.add(hgrm.toAbsolutePath() + "\t" + server);
            }
        }
        Files.write(out.resolve("latency-plots.tsv"), plots);
    }

    private static void table(StringBuilder md, String title, Map<String, Properties> rows, List<String> columns) {
        md.append("## ").append(title).append("\n\n| server |");
        columns.forEach(column -> md.append(' ').append(column.replace('_', ' ')).append(" |"));
        md.append("\n|---|");
        columns.forEach(column -> md.append("---:|"));
        md.append('\n');
        rows.forEach((server, values) -> {
            md.append("| ").append(server).append(" |");
            if (values.getProperty("failed") != null) {
                md.append(" failed: ").append(values.getProperty("failed").replace('|', '/')).append(" |");
                md.append(" |".repeat(columns.size() - 1)).append('\n');
                return;
            }
            columns.forEach(column -> md.append(' ').append(values.getProperty(column, "")).append(" |"));
            md.append('\n');
        });
        md.append('\n');
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
