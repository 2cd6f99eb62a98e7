package io.switchboard.bench;

import org.HdrHistogram.Histogram;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs scenarios against one server and writes one {@code <server>-<scenario>.properties} (and {@code .hgrm}
 * latency distribution) per scenario:
 * {@code --protocol switchboard --server 127.0.0.1:8080 --name switchboard --pid 1234 --scenarios s1,s2 --quick
 * --out bench/results/raw}; {@code --publish-to host:port} sends publishers to another node (scenario x1).
 */
public final class Main {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Protocol protocol = Protocol.named(options.getOrDefault("protocol", "switchboard"));
        String[] hostPort = options.getOrDefault("server", "127.0.0.1:8080").split(":");
        String name = options.getOrDefault("name", protocol.name());
        boolean quick = options.containsKey("quick");
        Path out = Path.of(options.getOrDefault("out", "bench/results/raw"));
        Files.createDirectories(out);
        ServerProcess server = new ServerProcess(Long.parseLong(options.getOrDefault("pid", "0")));
        InetSocketAddress address = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        String[] publishTo = options.getOrDefault("publish-to", options.getOrDefault("server", "127.0.0.1:8080"))
                .split(":");
        InetSocketAddress publishAddress = new InetSocketAddress(publishTo[0], Integer.parseInt(publishTo[1]));
        warmUp(protocol, address, publishAddress, server, quick, name, out);
        for (String scenario : options.getOrDefault("scenarios", "s1,s2,s3,s4").split(",")) {
            try (Generator generator = new Generator(protocol, address, publishAddress, 2)) {
                Scenarios scenarios = scenarios(generator, server, quick ? 3 : 10, quick);
                System.out.println("[" + name + "] " + scenario + " ...");
                Outcome outcome = run(scenarios, scenario, quick);
                write(out, name, scenario, outcome);
                System.out.println("[" + name + "] " + scenario + " " + outcome.headline().values());
            } catch (Exception failure) {
                // one scenario failing (a server that drops connections, say) is a result too; go on
                System.out.println("[" + name + "] " + scenario + " FAILED: " + failure);
                Files.writeString(out.resolve(name + "-" + scenario + ".properties"), "server=" + name
                        + "\nscenario=" + scenario + "\nfailed=" + String.valueOf(failure).replace('\n', ' ') + "\n");
            }
        }
    }

    /** What a scenario reports: its headline result, and the latency distribution to plot where there is one. */
    private record Outcome(Scenarios.Result headline, Histogram plot) {
        static Outcome of(Scenarios.Result result) {
            return new Outcome(result, result.latency());
        }
    }

    /**
     * A full run's warm-up ends once the server's and the generator's JIT compilers spent less than this share of
     * a round compiling: on two cores a compiler still busy with Payara's code took half a CPU from the server for
     * two minutes of load, and the durable store's paths compile last. Payara's never falls much below a tenth
     * (recompilations go on), so the bar is above that.
     */
    private static final double SETTLED_COMPILATION_SHARE = 0.2;
    /** A server whose compilers never settle is measured after this many rounds all the same (and says so). */
    private static final int MAX_WARM_UP_ROUNDS = 8;

    /**
     * The same pass for every server before anything is measured, so that no server is measured while its JIT
     * is still compiling the paths the scenarios take: subscribes, publishes, acks and fan-out, in both shapes:
     * saturation (S2's), and S1's first step, where each publish is a small write to each of 1,000 sockets
     * (without it, S1's first step measured every JVM's compiler, the generator's included). A full run repeats
     * the round until the compilers of the generator and of the server, where it is a HotSpot JVM, have settled;
     * a quick run has one short round. How long it took goes into the run's {@code <server>-meta.properties}.
     */
    private static void warmUp(Protocol protocol, InetSocketAddress address, InetSocketAddress publishAddress,
                               ServerProcess server, boolean quick, String name, Path out) throws IOException {
        long start = System.nanoTime();
        int rounds = 0;
        boolean settled = quick;
        try (Generator generator = new Generator(protocol, address, publishAddress, 2)) {
            Scenarios warmUp = scenarios(generator, server, 2, quick);
            ServerProcess self = ServerProcess.current();
            do {
                rounds++;
                long roundStart = System.nanoTime();
                long serverBefore = server.compilationMillis();
                long generatorBefore = self.compilationMillis();
                warmUp.saturation(100, 2, 4, quick ? 1 : 15);
                warmUp.fanOut(quick ? 200 : 1000, 10, quick ? 1 : 10);
                long roundMillis = (System.nanoTime() - roundStart) / 1_000_000;
                long serverCompiled = server.compilationMillis() - serverBefore;
                long generatorCompiled = self.compilationMillis() - generatorBefore;
                System.out.printf("[%s] warm-up round %d: %d ms; JIT compiling: server %d ms, generator %d ms%n",
                        name, rounds, roundMillis, serverCompiled, generatorCompiled);
                settled = settled || serverCompiled + generatorCompiled < SETTLED_COMPILATION_SHARE * roundMillis;
            } while (!settled && rounds < MAX_WARM_UP_ROUNDS);
        } catch (Exception failure) {
            System.out.println("[" + name + "] warm-up failed: " + failure); // the scenarios will say more
        }
        long seconds = Math.round((System.nanoTime() - start) / 1e9);
        Path meta = out.resolve(name + "-meta.properties");
        if (Files.exists(meta)) {
            Files.writeString(meta, "warm_up_s=" + seconds + (settled ? "" : " (JIT not settled)") + "\n",
                    StandardOpenOption.APPEND);
        }
    }

    /** A quick run's fan-outs settle this long after subscribing, not a full run's 2 s: they only check it works. */
    private static final long QUICK_SETTLE_MILLIS = 300;

    private static Scenarios scenarios(Generator generator, ServerProcess server, int drainSeconds, boolean quick) {
        return quick ? new Scenarios(generator, server, drainSeconds, QUICK_SETTLE_MILLIS)
                : new Scenarios(generator, server, drainSeconds);
    }

    /** Full sizes as the scenarios are specified; --quick shrinks them to check that everything works. */
    private static Outcome run(Scenarios scenarios, String scenario, boolean quick) throws Exception {
        return switch (scenario) {
            case "s1" -> fanOutSteps(scenarios, quick);
            // a load this machine carries, so that the difference is the cluster's, not an overload's
            case "x0", "x1" -> Outcome.of(scenarios.fanOut(100, 50, quick ? 1 : 20));
            case "s2" -> saturation(scenarios, quick);
            case "s3" -> Outcome.of(scenarios.idle(quick ? 300 : 10_000));
            case "s4" -> Outcome.of(quick ? scenarios.manyTopics(200, 10, 2) : scenarios.manyTopics(1000, 20, 20));
            case "w0" -> Outcome.of(scenarios.fanOutBesidePatterns(0, 20, quick ? 50 : 100, 200, quick ? 1 : 20));
            case "w1" -> Outcome.of(scenarios.fanOutBesidePatterns(quick ? 10_000 : 100_000, 20, quick ? 50 : 100,
                    200, quick ? 1 : 20));
            case "f1" -> Outcome.of(scenarios.latencyUnderFlood(24, 20, 50, 60_000, 10, quick ? 2 : 20));
            case "smoke" -> Outcome.of(scenarios.fanOut(20, 50, 2));
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    }

    /** S1's and S2's bar for a step: nothing lost, refused or closed, and p99 under this. */
    private static final double P99_MILLIS = 50;
    /** The S1 step whose latency distribution every server's plot shows: the first, which every server runs. */
    private static final int PLOTTED_RATE = 10;

    /**
     * S1 in steps of rising publish rate to 1,000 subscribers, up to the first step that is not clean. The
     * headline is the highest clean step; the first unclean step is reported beside it.
     */
    private static Outcome fanOutSteps(Scenarios scenarios, boolean quick) throws Exception {
        int subscribers = quick ? 200 : 1000;
        int[] rates = quick ? new int[]{10} : new int[]{10, 20, 50, 100, 200};
        Scenarios.Result best = null;
        Histogram plot = null;
        String failing = "none";
        for (int rate : rates) {
            Scenarios.Result step = scenarios.fanOut(subscribers, rate, quick ? 1 : 10);
            step.values().put("step_msgs_per_second", String.valueOf(rate));
            System.out.println("  " + rate + " msg/s: " + step.values());
            if (rate == PLOTTED_RATE) {
                plot = step.latency();
            }
            if (!Scenarios.clean(step, P99_MILLIS)) {
                failing = rate + " msg/s: " + step.values().get("deliveries_per_second") + "/s, p99 "
                        + step.values().get("p99_ms") + " ms, lost " + step.values().get("lost") + ", closes "
                        + step.values().get("server_closes");
                if (best == null) {
                    best = step;
                    step.values().put("step_msgs_per_second", "none clean");
                }
                break;
            }
            best = step;
        }
        best.values().put("first_unclean_step", failing);
        return new Outcome(best, plot);
    }

    /**
     * S2 looks for the most deliveries per second in a clean step: it raises the publishes in flight (more
     * publishers, then a wider window each) until a step is not clean, and keeps the best clean one. It starts at
     * one publisher with one publish in flight, so that a server saturated by a few publishers still shows what
     * it sustains within the bar.
     */
    private static Outcome saturation(Scenarios scenarios, boolean quick) throws Exception {
        int[][] steps = quick ? new int[][]{{4, 4}} : new int[][]{{1, 1}, {2, 1}, {4, 1}, {4, 4}, {4, 16}, {4, 64}};
        List<Scenarios.Result> within = new ArrayList<>();
        Scenarios.Result last = null;
        for (int[] step : steps) {
            Scenarios.Result result = scenarios.saturation(100, step[0], step[1], quick ? 1 : 10);
            System.out.println("  " + step[0] + " x " + step[1] + ": " + result.values());
            last = result;
            if (!Scenarios.clean(result, P99_MILLIS)) {
                break;
            }
            within.add(result);
        }
        if (within.isEmpty()) {
            return Outcome.of(last);
        }
        return Outcome.of(within.stream().max(Comparator.comparingLong(
                r -> Long.parseLong(r.values().get("deliveries_per_second")))).orElseThrow());
    }

    private static void write(Path out, String name, String scenario, Outcome outcome) throws IOException {
        StringBuilder properties = new StringBuilder("server=" + name + "\nscenario=" + scenario + "\n");
        outcome.headline().values()
                .forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        Files.writeString(out.resolve(name + "-" + scenario + ".properties"), properties);
        Histogram latency = outcome.plot();
        if (latency != null && latency.getTotalCount() > 0) {
            File histogram = out.resolve(name + "-" + scenario + ".hgrm").toFile();
            try (PrintStream hgrm = new PrintStream(new FileOutputStream(histogram))) {
                latency.outputPercentileDistribution(hgrm, 1000.0);
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--", "");
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(key, args[++i]);
            } else {
                options.put(key, "");
            }
        }
        return options;
    }
}
