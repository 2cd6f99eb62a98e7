package io.switchboard.bench;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The benchmark's scenarios (docs/benchmarks.md), each returning its measurements by name. */
public final class Scenarios {

    public static final int MESSAGE_BYTES = 100;
    /** How long a full run's fan-out waits, once its subscribers are subscribed, before it starts publishing. */
    static final long SETTLE_MILLIS = 2000;

    private final Generator generator;
    private final ServerProcess server;
    private final int drainSeconds;
    private final long settleMillis;

    /** {@code drainSeconds}: how long to wait, after publishing stops, for deliveries still under way. */
    public Scenarios(Generator generator, ServerProcess server, int drainSeconds) {
        this(generator, server, drainSeconds, SETTLE_MILLIS);
    }

    /** {@code settleMillis}: how long a fan-out waits between subscribing and publishing. */
    public Scenarios(Generator generator, ServerProcess server, int drainSeconds, long settleMillis) {
        this.generator = generator;
        this.server = server;
        this.drainSeconds = drainSeconds;
        this.settleMillis = settleMillis;
    }

    /** A result: measurements by name, and the latency histogram where there is one. */
    public record Result(Map<String, String> values, Histogram latency) {
    }

    /** S1: {@code subscribers} on one topic, one publisher at {@code rate} messages per second. */
    public Result fanOut(int subscribers, int rate, int seconds) throws Exception {
        String topic = "public.bench.s1";
        Delivery delivery = new Delivery();
        List<Delivery.Subscription> subscriptions = subscribe(generator.connect(subscribers), i -> topic, delivery);
        Client publisher = generator.connectPublishers(1).get(0);
        AtomicLong seq = new AtomicLong();
        Acks acks = new Acks();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        // a thousand handshakes leave garbage and work behind; what is measured is the fan-out, not them
        Thread.sleep(settleMillis);
        Window window = Window.open(server, generator, delivery);
        publishAtRate(clock, publisher, topic, rate, seq, acks);
        Thread.sleep(seconds * 1000L);
        clock.shutdown();
        Window.Closed closed = window.close();
        clock.awaitTermination(5, TimeUnit.SECONDS);
        return finish(delivery, subscriptions, seq.get(), acks, closed);
    }

    /**
     * S2: {@code subscribers} on one topic; {@code publishers} each keep {@code window} publishes in flight, the
     * next sent as each is acknowledged: as fast as the server acknowledges.
     */
    public Result saturation(int subscribers, int publishers, int window, int seconds) throws Exception {
        String topic = "public.bench.s2";
        Delivery delivery = new Delivery();
        List<Delivery.Subscription> subscriptions = subscribe(generator.connect(subscribers), i -> topic, delivery);
        List<Client> senders = generator.connectPublishers(publishers);
        AtomicLong[] seqs = new AtomicLong[publishers];
        Acks acks = new Acks();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Window measured = Window.open(server, generator, delivery);
        for (int p = 0; p < publishers; p++) {
            seqs[p] = new AtomicLong();
            int stream = p;
            Client sender = senders.get(p);
            // all of a sender's publishes start on its loop thread, so they leave in sequence order
            sender.execute(() -> {
                for (int w = 0; w < window; w++) {
                    keepPublishing(sender, stream, topic, seqs[stream], deadline, acks);
                }
            });
        }
        Thread.sleep(seconds * 1000L);
        Window.Closed closed = measured.close();
        long published = 0;
        for (AtomicLong seq : seqs) {
            published += seq.get();
        }
        long total = published;
        Result result = finish(delivery, subscriptions, i -> total, total, acks, closed);
        result.values().put("publishers_x_window", publishers + " x " + window);
        return result;
    }

    /** Has {@code publisher} send stream 0's next message to {@code topic} {@code rate} times a second. */
    private static void publishAtRate(ScheduledExecutorService clock, Client publisher, String topic, int rate,
                                      AtomicLong seq, Acks acks) {
        clock.scheduleAtFixedRate(() -> acks.add(publisher.publish(topic,
                Delivery.data(0, seq.incrementAndGet(), MESSAGE_BYTES))), 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
    }

    /** Publishes the stream's next message and, when it is acknowledged, the one after; on the sender's loop. */
    private void keepPublishing(Client sender, int stream, String topic, AtomicLong seq, long deadline, Acks acks) {
        if (System.nanoTime() > deadline) {
            return;
        }
        acks.add(sender.publish(topic, Delivery.data(stream, seq.incrementAndGet(), MESSAGE_BYTES))).thenRun(() -> keepPublishing(sender, stream, topic, seq, deadline, acks));
    }

    /** S3: {@code connections} idle clients, each subscribed to a topic of its own. */
    public Result idle(int connections) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        long heapBefore = server.heapUsedAfterGc();
        long rssBefore = server.rssBytes();
        long start = System.nanoTime();
        // each client subscribes as soon as it is connected, as real clients do
        List<CompletableFuture<Void>> acks = new ArrayList<>(connections);
        List<Client> clients = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            String topic = "public.bench.s3.c" + i;
            CompletableFuture<Client> connected = generator.connect();
            acks.add(connected.thenCompose(client -> {
                synchronized (clients) {
                    clients.add(client);
                }
                return client.subscribe(topic);
            }));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(1000); // every subscription is acknowledged; let the server's own housekeeping settle
        long heapAfter = server.heapUsedAfterGc();
        long rssAfter = server.rssBytes();
        values.put("connections", String.valueOf(connections));
        values.put("connect_per_second", String.valueOf(Math.round(connections / seconds)));
        values.put("heap_per_connection_kib", heapBefore < 0 || heapAfter < 0 ? "n/a"
                : String.format("%.1f", (heapAfter - heapBefore) / 1024.0 / connections));
        values.put("rss_per_connection_kib", String.format("%.1f", (rssAfter - rssBefore) / 1024.0 / connections));
        values.put("rss_mib", String.valueOf(rssAfter / (1024 * 1024)));
        long open = clients.stream().filter(c -> !c.closed().isDone()).count();
        values.put("still_open", String.valueOf(open));
        generator.closeClients();
        return new Result(values, null);
    }

    /**
     * W0/W1: the S1 fan-out on a topic of its own after {@code unrelatedPatterns} wildcard subscriptions to other
     * topics were made, spread over {@code holders} connections: a publish should cost the same with 100,000 of
     * them as with none (Switchboard's subject tree). Switchboard's protocol only.
     */
    public Result fanOutBesidePatterns(int unrelatedPatterns, int holders, int subscribers, int rate, int seconds)
            throws Exception {
        List<Client> clients = generator.connect(holders);
        List<CompletableFuture<Void>> acks = new ArrayList<>(unrelatedPatterns);
        for (int i = 0; i < unrelatedPatterns; i++) {
            acks.add(clients.get(i % holders).subscribe("public.bench.w.tenant" + i + ".*"));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        Result result = fanOut(subscribers, rate, seconds);
        result.values().put("unrelated_patterns", String.valueOf(unrelatedPatterns));
        return result;
    }

    /** Where F1's normal client comes from, as its proxy names it. */
    static final String NORMAL_CLIENT = "198.51.100.7";
    /** Where F1's flooders come from: one address each, this prefix and a number. */
    static final String FLOOD_ADDRESSES = "203.0.113.";

    /**
     * F1: a normal client's latency under a flood. One publisher sends {@code rate} small messages a second to a
     * topic with one subscriber, as in S1, while {@code flooders} other connections each publish {@code floodBytes}
     * messages {@code floodRate} times a second, spread over {@code topicsEach} topics of their own, each from an
     * address of its own. The latency is the normal client's. (Readers that stall, which FloodIT adds, need a
     * generator that stops reading one socket; this one's loops serve many.)
     */
    public Result latencyUnderFlood(int flooders, int floodRate, int topicsEach, int floodBytes, int rate,
                                    int seconds) throws Exception {
        String topic = "public.bench.f1.normal";
        Delivery delivery = new Delivery();
        // every client comes from an address of its own (its proxy says so): the normal client, and each flooder, as
        // a botnet's would, so that the flood gets every per-address limit once per flooder
        List<Delivery.Subscription> subscriptions = subscribe(List.of(generator.connectFrom(NORMAL_CLIENT)),
                i -> topic, delivery);
        List<String> floodAddresses = new ArrayList<>();
        for (int f = 0; f < flooders; f++) {
            floodAddresses.add(FLOOD_ADDRESSES + (10 + f));
        }
        List<Client> flood = generator.connectFrom(floodAddresses);
        Client publisher = generator.connectFrom(NORMAL_CLIENT);
        AtomicLong floodSent = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        Acks acks = new Acks();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        Window window = Window.open(server, generator, delivery);
        for (int f = 0; f < flooders; f++) {
            Client flooder = flood.get(f);
            int stream = f;
            AtomicLong count = new AtomicLong();
            clock.scheduleAtFixedRate(() -> {
                long n = count.incrementAndGet();
                flooder.publish("public.bench.f1.flood" + stream + ".t" + (n % topicsEach),
                        Delivery.data(1000 + stream, n, floodBytes));
                floodSent.incrementAndGet();
            }, ThreadLocalRandom.current().nextInt(1000), 1000 / floodRate, TimeUnit.MILLISECONDS);
        }
        publishAtRate(clock, publisher, topic, rate, seq, acks);
        Thread.sleep(seconds * 1000L);
        clock.shutdownNow();
        Window.Closed closed = window.close();
        clock.awaitTermination(5, TimeUnit.SECONDS);
        Result result = finish(delivery, subscriptions, seq.get(), acks, closed);
        result.values().put("flood_publishes", String.valueOf(floodSent.get()));
        return result;
    }

    /** S4: {@code topics} topics with one subscriber each, every topic published once a second. */
    public Result manyTopics(int topics, int publishers, int seconds) throws Exception {
        Delivery delivery = new Delivery();
        List<Delivery.Subscription> subscriptions = subscribe(generator.connect(topics), i -> "public.bench.s4.t" + i, delivery);
        List<Client> senders = generator.connectPublishers(publishers);
        AtomicLong[] seqs = new AtomicLong[topics];
        Acks acks = new Acks();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        Window window = Window.open(server, generator, delivery);
        for (int t = 0; t < topics; t++) {
            int topic = t;
            seqs[t] = new AtomicLong();
            Client sender = senders.get(t % publishers);
            clock.scheduleAtFixedRate(() -> acks.add(sender.publish("public.bench.s4.t" + topic,
                    Delivery.data(topic, seqs[topic].incrementAndGet(), MESSAGE_BYTES))), ThreadLocalRandom.current().nextInt(1000), 1000, TimeUnit.MILLISECONDS);
        }
        Thread.sleep(seconds * 1000L);
        clock.shutdown();
        Window.Closed closed = window.close();
        clock.awaitTermination(5, TimeUnit.SECONDS);
        long published = 0;
        for (AtomicLong seq : seqs) {
            published += seq.get();
        }
        // each subscription expects its own topic's count, not the total
        return finish(delivery, subscriptions, i -> seqs[i].get(), published, acks, closed);
    }

    private interface TopicOf {
        String topic(int subscriber);
    }

    private interface Expected {
        long of(int subscriber);
    }

    private List<Delivery.Subscription> subscribe(List<Client> clients, TopicOf topics, Delivery delivery)
            throws Exception {
        List<Delivery.Subscription> subscriptions = new ArrayList<>(clients.size());
        List<CompletableFuture<Void>> acks = new ArrayList<>(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            Delivery.Subscription subscription = delivery.subscription();
            subscriptions.add(subscription);
            clients.get(i).onMessage(subscription::accept);
            acks.add(clients.get(i).subscribe(topics.topic(i)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        return subscriptions;
    }

    private Result finish(Delivery delivery, List<Delivery.Subscription> subscriptions, long published,
                          Acks acks, Window.Closed window) throws Exception {
        return finish(delivery, subscriptions, i -> published, published, acks, window);
    }

    /**
     * Waits up to the drain time for what is still under way, deliveries and acks, then measures: a server acks a
     * publish after its fan-out, so the last delivery may arrive before the last ack. The rate and the CPU per
     * delivery count only what was delivered inside the window; what came after it is the backlog and its drain
     * time.
     */
    private Result finish(Delivery delivery, List<Delivery.Subscription> subscriptions, Expected expected,
                          long publishes, Acks acks, Window.Closed window)
            throws Exception {
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        long wanted = 0;
        for (int i = 0; i < subscriptions.size(); i++) {
            wanted += expected.of(i);
        }
        while ((delivery.received() - delivery.duplicates() < wanted || acks.awaited())
                && System.nanoTime() < drainDeadline) {
            Thread.sleep(50);
        }
        long unacked = acks.unacked();
        Histogram ackLatency = acks.latency().getIntervalHistogram();
        long lost = 0;
        for (int i = 0; i < subscriptions.size(); i++) {
            lost += Math.max(0, expected.of(i) - subscriptions.get(i).count());
        }
        Histogram latency = delivery.latency().getIntervalHistogram();
        long backlog = Math.max(0, wanted - window.deliveries());
        long drainMillis = backlog == 0 ? 0 : Math.max(0, (delivery.lastNanos() - window.endNanos()) / 1_000_000);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("published", String.valueOf(publishes));
        values.put("expected_deliveries", String.valueOf(wanted));
        values.put("deliveries", String.valueOf(delivery.received()));
        values.put("window_seconds", String.format("%.1f", window.seconds()));
        values.put("deliveries_per_second", String.valueOf(Math.round(window.deliveries() / window.seconds())));
        values.put("backlog", String.valueOf(backlog));
        values.put("drain_ms", String.valueOf(drainMillis));
        values.put("p50_ms", millis(latency.getValueAtPercentile(50)));
        values.put("p99_ms", millis(latency.getValueAtPercentile(99)));
        values.put("p999_ms", millis(latency.getValueAtPercentile(99.9)));
        values.put("max_ms", millis(latency.getMaxValue()));
        values.put("lost", String.valueOf(lost));
        values.put("duplicates", String.valueOf(delivery.duplicates()));
        values.put("out_of_order", String.valueOf(delivery.outOfOrder()));
        values.put("unacked", String.valueOf(unacked));
        values.put("server_closes", generator.serverCloses());
        values.put("ack_p50_ms", millis(ackLatency.getValueAtPercentile(50)));
        values.put("ack_p99_ms", millis(ackLatency.getValueAtPercentile(99)));
        values.put("server_cpu_us_per_delivery", Window.Closed.perDelivery(window.serverCpuMicros(), window.deliveries()));
        values.put("generator_cpu_us_per_delivery",
                Window.Closed.perDelivery(window.generatorCpuMicros(), window.deliveries()));
        values.put("bytes_per_delivery", Window.Closed.perDelivery(window.bytes(), window.deliveries()));
        values.put("server_cpu_percent", String.valueOf(Math.round(window.serverCpuMicros() / 1e4 / window.seconds())));
        values.put("server_rss_mib", String.valueOf(server.rssBytes() / (1024 * 1024)));
        generator.closeClients();
        return new Result(values, latency);
    }

    /** Whether a traffic result is clean: nothing lost, refused or closed, and p99 under {@code p99Millis}. */
    static boolean clean(Result result, double p99Millis) {
        Map<String, String> values = result.values();
        return values.get("lost").equals("0") && values.get("unacked").equals("0")
                && values.get("server_closes").equals("0") && Double.parseDouble(values.get("p99_ms")) < p99Millis;
    }

    private static String millis(long micros) {
        return String.format("%.2f", micros / 1000.0);
    }
}
