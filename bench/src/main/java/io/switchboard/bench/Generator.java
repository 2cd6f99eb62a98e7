package io.switchboard.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The connections of one run, spread over a few selector loops. */
public final class Generator implements AutoCloseable {

    /** Handshakes in flight at once: a burst of thousands would overrun the server's accept queue. */
    private static final int CONCURRENT_CONNECTS = 200;

    private final Protocol protocol;
    private final InetSocketAddress server;
    private final InetSocketAddress publishServer;
    private final List<WsLoop> loops = new ArrayList<>();
    private final List<Client> clients = new ArrayList<>();
    private final Semaphore connecting = new Semaphore(CONCURRENT_CONNECTS);
    private int next;

    public Generator(Protocol protocol, InetSocketAddress server, int loops) {
        this(protocol, server, server, loops);
    }

    /** Publishers connect to {@code publishServer}: another node of the same cluster, for cross-node runs. */
    public Generator(Protocol protocol, InetSocketAddress server, InetSocketAddress publishServer, int loops) {
        this.protocol = protocol;
        this.server = server;
        this.publishServer = publishServer;
        for (int i = 0; i < loops; i++) {
            this.loops.add(new WsLoop("bench-loop-" + i));
        }
    }

    public Protocol protocol() {
        return protocol;
    }

    /** Opens a connection and completes when the server has made it ready. */
    public CompletableFuture<Client> connect() throws InterruptedException {
        return connect(server, null);
    }

    /**
     * A ready connection that a trusted proxy says comes from {@code address} ({@code X-Forwarded-For}): a client
     * apart from the others, which all come from the generator's own address.
     */
    public Client connectFrom(String address) throws Exception {
        return connectFrom(List.of(address)).get(0);
    }

    /** One ready connection from each of {@code addresses}, opened side by side. */
    public List<Client> connectFrom(List<String> addresses) throws Exception {
        List<CompletableFuture<Client>> pending = new ArrayList<>(addresses.size());
        for (String address : addresses) {
            pending.add(connect(server, address));
        }
        return await(pending);
    }

    /** {@code count} ready connections to where publishers go. */
    public List<Client> connectPublishers(int count) throws Exception {
        List<CompletableFuture<Client>> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pending.add(connect(publishServer, null));
        }
        return await(pending);
    }

    private CompletableFuture<Client> connect(InetSocketAddress target, String forwardedFor)
            throws InterruptedException {
        if (!connecting.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("connections are not being accepted");
        }
        Client client = new Client(protocol);
        synchronized (clients) {
            clients.add(client);
        }
        WsLoop loop = loops.get(next++ % loops.size());
        client.bind(loop.connect(target, protocol.path(), forwardedFor, client));
        return client.ready().whenComplete((ready, failure) -> connecting.release());
    }

    /** {@code count} ready connections. */
    public List<Client> connect(int count) throws Exception {
        List<CompletableFuture<Client>> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pending.add(connect());
        }
        return await(pending);
    }

    private static List<Client> await(List<CompletableFuture<Client>> pending) throws Exception {
        List<Client> ready = new ArrayList<>(pending.size());
        for (CompletableFuture<Client> client : pending) {
            ready.add(client.get(60, TimeUnit.SECONDS));
        }
        return ready;
    }

    /** WebSocket bytes the server has sent to this run's connections so far. */
    public long bytesReceived() {
        return loops.stream().mapToLong(WsLoop::bytesRead).sum();
    }

    /** Connections the server closed or dropped, by close code, e.g. "1008 x 3"; "0" for none. */
    public String serverCloses() {
        Map<String, Long> byCode = new TreeMap<>();
        synchronized (clients) {
            for (Client client : clients) {
                String code = client.serverCloseCode();
                if (code != null) {
                    byCode.merge(code, 1L, Long::sum);
                }
            }
        }
        if (byCode.isEmpty()) {
            return "0";
        }
        return byCode.entrySet().stream().map(e -> e.getKey() + " x " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    public void closeClients() {
        synchronized (clients) {
            clients.forEach(Client::close);
            clients.clear();
        }
    }

    @Override
    public void close() {
        closeClients();
        loops.forEach(WsLoop::close);
    }
}
