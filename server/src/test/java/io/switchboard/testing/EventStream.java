package io.switchboard.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A Server-Sent Events stream of the server under test, read on a thread of its own and parsed as a browser's
 * EventSource parses it: {@code id}, {@code event} and {@code data} fields, a blank line ends an event, a line
 * starting with a colon is a comment (a heartbeat).
 */
public final class EventStream implements AutoCloseable {

    /**
     * HTTP/1.1, a connection per stream, as a browser's EventSource over {@code http:} has it: over HTTP/2 (which
     * the JDK's client would negotiate with h2c) a stream a test stops reading would hold up the others.
     */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** One event: {@code name} "message" unless the server named it, {@code id} the last id seen, as EventSource does. */
    public record Event(String id, String name, String data) {

        public JsonObject json() {
            return Json.createReader(new java.io.StringReader(data)).readObject();
        }

        /** Abbreviated: a failure message lists the events that came, some of them large. */
        @Override
        public String toString() {
            return "Event[id=" + id + ", name=" + name + ", data=" + (data.length() > 200
                    ? data.substring(0, 200) + "...(" + data.length() + " chars)" : data) + "]";
        }

        /** The type of the frame the event carries. */
        public String type() {
            return name.equals("message") ? json().getString("type") : name;
        }
    }

    private final HttpResponse<InputStream> response;
    private final List<Event> events = new ArrayList<>();
    private final AtomicInteger comments = new AtomicInteger();
    private int taken;
    private boolean ended;
    /** How the stream ended: the end of the body, or what the client's reading threw. */
    private String end;
    private boolean paused;

    private EventStream(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread reader = new Thread(this::read, "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Opens {@code path} (with its query) on {@code base}; {@code how} adds headers. */
    public static EventStream open(URI base, String path, UnaryOperator<HttpRequest.Builder> how) {
        HttpRequest request = how.apply(HttpRequest.newBuilder(base.resolve(path))
                .header("Accept", "text/event-stream")).GET().build();
        try {
            return new EventStream(CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static EventStream open(URI base, String path) {
        return open(base, path, UnaryOperator.identity());
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    /** The body of a refused stream: the JSON error. */
    public JsonObject error() {
        try (InputStream body = response.body()) {
            return Json.createReader(body).readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The id of the last event received, as EventSource would send it back as {@code Last-Event-ID}. */
    public synchronized String lastId() {
        return events.isEmpty() ? null : events.get(events.size() - 1).id();
    }

    /** Stops reading, as a client that no longer keeps up: the server's writes back up behind it. */
    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    /** Heartbeat comments received so far. */
    public int comments() {
        return comments.get();
    }

    /** The next event not taken before. */
    public Event next(Duration within) {
        return next(event -> true, within);
    }

    /** Skips events up to the next one that matches; fails, saying what came, if none does within the time. */
    public synchronized Event next(Predicate<Event> wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int from = taken;
        while (true) {
            while (taken < events.size()) {
                Event event = events.get(taken++);
                if (wanted.test(event)) {
                    return event;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || ended) {
                throw new AssertionError("No such event within " + within
                        + (ended ? " (the stream ended: " + end + ")" : "")
                        + "; these came: " + events.subList(from, events.size()));
            }
            waitNanos(left);
        }
    }

    /** The next frame of type {@code type}. */
    public Event nextOfType(String type, Duration within) {
        return next(event -> event.type().equals(type), within);
    }

    /** Waits until the server ends the stream; false if it did not within the time. */
    public synchronized boolean awaitEnd(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        long left;
        while (!ended && (left = deadline - System.nanoTime()) > 0) {
            waitNanos(left);
        }
        return ended;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the stream is being abandoned
        }
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = null;
        String how = "the server ended the body";
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while (awaitReading() && (line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        add(new Event(id, name == null ? "message" : name, data.toString()));
                    }
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { }
                    }
                }
            }
        } catch (IOException closed) {
            StringBuilder chain = new StringBuilder(closed.toString());
            for (Throwable cause = closed.getCause(); cause != null; cause = cause.getCause()) {
                chain.append(", caused by ").append(cause);
            }
            how = chain.toString();
        } finally {
            synchronized (this) {
                end = how;
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized boolean awaitReading() {
        while (paused) {
            waitNanos(Long.MAX_VALUE);
        }
        return true;
    }

    private synchronized void add(Event event) {
        events.add(event);
        notifyAll();
    }

    private void waitNanos(long nanos) {
        try {
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for events", e);
        }
    }
}
