package io.switchboard.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP requests against the server under test. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;
    private final String token;

    public Http(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public static Http anonymous(URI base) {
        return new Http(base, null);
    }

    public Http as(String token) {
        return new Http(base, token);
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> post(String path, String body) {
        return post(path, body, "application/json");
    }

    public HttpResponse<String> post(String path, String body, String contentType) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Posts like {@link #post(String, String)}, but waits out a 429 for as long as its Retry-After says and posts
     * again: for tests that publish in bulk to test something else than the publish rate.
     */
    public HttpResponse<String> postWithinRate(String path, String body) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response = post(path, body);
        while (response.statusCode() == 429 && System.nanoTime() < deadline) {
            long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
            sleep(Duration.ofSeconds(Math.max(1, seconds)));
            response = post(path, body);
        }
        return response;
    }

    /** Any request, with the token and timeout of the others. */
    public HttpResponse<String> send(String path, java.util.function.UnaryOperator<HttpRequest.Builder> how) {
        return send(how.apply(request(path)));
    }

    public static JsonObject object(HttpResponse<String> response) {
        return (JsonObject) parse(response.body());
    }

    public static JsonArray array(HttpResponse<String> response) {
        return (JsonArray) parse(response.body());
    }

    private static JsonStructure parse(String body) {
        return Json.createReader(new StringReader(body)).read();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
