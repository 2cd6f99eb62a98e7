package io.switchboard.testing;

import jakarta.json.JsonObject;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** REST publishers, each in a loop until stopped: the offsets acknowledged with 201, and how many got 503. */
public final class RestPublishers implements AutoCloseable {

    public final NavigableMap<Long, String> acked = new ConcurrentSkipListMap<>();
    public final AtomicInteger refused = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    public RestPublishers(URI base, String topic, int count) {
        for (int t = 0; t < count; t++) {
            int publisher = t;
            Thread thread = new Thread(() -> {
                Http http = Http.anonymous(base);
                for (int i = 0; running.get(); i++) {
                    try {
                        HttpResponse<String> response = http.post("api/topics/" + topic + "/messages",
                                "{\"publisher\":" + publisher + ",\"n\":" + i + "}");
                        if (response.statusCode() == 201) {
                            JsonObject body = Http.object(response);
                            acked.put(body.getJsonNumber("offset").longValue(), body.getString("epoch"));
                        } else if (response.statusCode() == 503) {
                            refused.incrementAndGet();
                            Thread.sleep(20);
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException serverGone) {
                        sleepQuietly();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
    }

    public NavigableMap<Long, String> stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        return acked;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
