package org.pointsledger.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A plain HTTP client for the tests: real requests, JSON bodies parsed exactly. It sends
 * {@link #TEST_API_KEY} (every scope, set by {@link LedgerIntegrationTest}) in the
 * {@code apikey} header, unless made with {@link #withKey} or {@link #withoutKey}, or unless a
 * request's own headers carry {@code apikey} or {@code Authorization}.
 */
public final class Api {

    /** The bootstrap key of the integration tests: every scope. */
    public static final String TEST_API_KEY = "pl_test-ledger-key-with-every-scope-0123456789";
    public static final String API_KEY_HEADER = "apikey";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final String apiKey;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public Api(String base) {
        this(base, TEST_API_KEY);
    }

    private Api(String base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    /** The same server, with another key in the apikey header. */
    public Api withKey(String key) {
        return new Api(base, key);
    }

    /** The same server, with no key at all. */
    public Api withoutKey() {
        return new Api(base, null);
    }

    /** An answer: status, headers and the body, parsed when it is JSON. */
    public record Response(int status, Map<String, java.util.List<String>> headers, String text) {

        public JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response post(String path, String json) {
        return post(path, json, Map.of());
    }

    public Response post(String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request);
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any method, any body, any headers: for the tests of bad input. */
    public Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** Any method and headers, with a body given as raw bytes or a stream (sent chunked). */
    public Response sendRaw(String method, String path, HttpRequest.BodyPublisher body,
                            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method, body);
        headers.forEach(request::header);
        return send(request);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Response send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(TIMEOUT).build();
        if (apiKey != null && built.headers().firstValue(API_KEY_HEADER).isEmpty()
                && built.headers().firstValue("Authorization").isEmpty()) {
            built = HttpRequest.newBuilder(built, (name, value) -> true)
                    .header(API_KEY_HEADER, apiKey).build();
        }
        try {
            HttpResponse<String> response = client.send(built,
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new AssertionError("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
