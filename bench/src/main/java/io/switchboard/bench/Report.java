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
        SCENARIOS.put("s1", "S1 fan-out in rate steps: 1,000 subscribers on one topic, one publisher of 100-byte "
                + "JSON at 10, 20, 50, 100, 200 msg/s (the highest clean step)");
        SCENARIOS.put("s2", "S2 saturation: 100 subscribers, publishers as fast as acks allow "
                + "(the most deliveries/s in a clean step)");
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

    private static final List<String> TRAFFIC = List.of("deliveries_per_second", "server_cpu_us_per_delivery",
            "generator_cpu_us_per_delivery", "bytes_per_delivery", "p50_ms", "p99_ms", "max_ms", "backlog", "drain_ms",
            "lost", "duplicates", "out_of_order", "unacked", "server_closes", "server_rss_mib");
    /** S1 runs in steps of rising rate: the highest clean one, with the first one that was not. */
    private static final List<String> FAN_OUT = Stream.of(Stream.of("step_msgs_per_second"), TRAFFIC.stream(),
            Stream.of("first_unclean_step")).flatMap(s -> s).toList();
    /** S2 is where a durable store's commits show: the publishers' wait for their acks. */
    private static final List<String> SATURATION = Stream.of(Stream.of("publishers_x_window"), TRAFFIC.stream(),
            Stream.of("ack_p50_ms", "ack_p99_ms")).flatMap(s -> s).toList();
    private static final List<String> IDLE = List.of("connections", "connect_per_second", "heap_per_connection_kib",
            "rss_per_connection_kib", "rss_mib", "still_open");
    /** What every server is compared by, per run: the first is the headline. */
    private static final List<Headline> HEADLINES = List.of(
            new Headline("s2", "server_cpu_us_per_delivery", "S2 server µs/delivery"),
            new Headline("s2", "deliveries_per_second", "S2 deliveries/s"),
            new Headline("s2", "generator_cpu_us_per_delivery", "S2 generator µs/delivery"),
            new Headline("s2", "bytes_per_delivery", "S2 bytes/delivery"),
            new Headline("s1", "step_msgs_per_second", "S1 highest clean step (msg/s to 1,000)"),
            new Headline("s1", "server_cpu_us_per_delivery", "S1 server µs/delivery"),
            new Headline("s3", "heap_per_connection_kib", "S3 heap KiB/connection"),
            new Headline("x0", "p99_ms", "X0 p99 ms"),
            new Headline("x1", "p99_ms", "X1 p99 ms"));

    private record Headline(String scenario, String key, String title) {
    }

    private static final List<String> META = List.of("startup_ms", "warm_up_s", "artifact", "artifact_mib", "runtime");

    /** {@code Report <out dir> quick|full <raw dir of run 1> [<raw dir of run 2> ...]}. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        boolean quick = args[1].equals("quick");
        List<Run> runs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            runs.add(Run.load(Path.of(args[i])));
        }
        Run first = runs.get(0);
        StringBuilder md = new StringBuilder("# Benchmark results\n\n");
        md.append("Written by `bench/run").append(quick ? " --quick" : "").append("`");
        md.append(runs.size() > 1 ? ", " + runs.size() + " runs; the tables are run 1's. " : ". ");
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", Java ").append(System.getProperty("java.version")).append(".\n\n");
        if (quick) {
            md.append("A quick run: S1 with 200 subscribers at 10 msg/s, S3 with 300 connections, S4 with 200 topics, ")
                    .append("1-2 seconds each, JVMs with the quick compiler only, two servers at a time. It checks ")
                    .append("that everything works; compare full runs only.\n\n");
        }
        table(md, "Servers", first.meta(), META);
        headlines(md, runs);
        for (Map.Entry<String, String> scenario : SCENARIOS.entrySet()) {
            Map<String, Properties> results = first.byScenario().get(scenario.getKey());
            if (results != null) {
                List<String> columns = switch (scenario.getKey()) {
                    case "s1" -> FAN_OUT;
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
        for (String server : first.byScenario().getOrDefault("s1", Map.of()).keySet()) {
            Path hgrm = first.dir().resolve(server + "-s1.hgrm");
            if (Files.exists(hgrm)) {
                plots.add(hgrm.toAbsolutePath() + "\t" + server);
            }
        }
        Files.write(out.resolve("latency-plots.tsv"), plots);
    }

    /** One invocation's raw results: per scenario, per server. */
    private record Run(Path dir, Map<String, Map<String, Properties>> byScenario, Map<String, Properties> meta) {
        static Run load(Path dir) throws IOException {
            Map<String, Map<String, Properties>> byScenario = new TreeMap<>();
            Map<String, Properties> meta = new TreeMap<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
                    Properties properties = Report.load(file);
                    if (file.getFileName().toString().endsWith("-meta.properties")) {
                        meta.put(properties.getProperty("server"), properties);
                    } else {
                        byScenario.computeIfAbsent(properties.getProperty("scenario"), s -> new TreeMap<>())
                                .put(properties.getProperty("server"), properties);
                    }
                }
            }
            return new Run(dir, byScenario, meta);
        }

        String value(String scenario, String server, String key) {
            Properties values = byScenario.getOrDefault(scenario, Map.of()).get(server);
            return values == null ? null : values.getProperty(key, values.getProperty("failed") != null ? "failed" : null);
        }
    }

    /**
     * The figures servers are compared by, one column each; with several runs each cell shows every run's value
     * and how far apart they were, relative to the smaller.
     */
    private static void headlines(StringBuilder md, List<Run> runs) {
        List<Headline> present = HEADLINES.stream()
                .filter(h -> runs.get(0).byScenario().containsKey(h.scenario())).toList();
        if (present.isEmpty()) {
            return;
        }
        md.append("## Headline figures").append(runs.size() > 1 ? " (run 1 / run 2 ..., spread)" : "").append("\n\n| server |");
        present.forEach(h -> md.append(' ').append(h.title()).append(" |"));
        md.append("\n|---|").append("---:|".repeat(present.size())).append('\n');
        for (String server : runs.get(0).meta().keySet()) {
            md.append("| ").append(server).append(" |");
            for (Headline h : present) {
                List<String> values = runs.stream().map(r -> r.value(h.scenario(), server, h.key())).toList();
                md.append(' ').append(cell(values)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static String cell(List<String> values) {
        if (values.stream().allMatch(v -> v == null)) {
            return "";
        }
        String joined = String.join(" / ", values.stream().map(v -> v == null ? "-" : v).toList());
        List<Double> numbers = new ArrayList<>();
        for (String value : values) {
            try {
                numbers.add(Double.parseDouble(value));
            } catch (NumberFormatException | NullPointerException notANumber) {
                return joined;
            }
        }
        if (numbers.size() < 2) {
            return joined;
        }
        double min = numbers.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = numbers.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return min <= 0 ? joined : joined + String.format(" (%.0f%%)", (max - min) * 100 / min);
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
