package io.github.idempotency.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.test.RacingCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to one running sample over real HTTP: orders, payments, and counts of real executions. */
final class SampleClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    // Longer than one request may take (its timeout), since the racers' requests run side by side.
    private static final Duration RACE_TIMEOUT = Duration.ofMinutes(1);

    private final JsonMapper json = JsonMapper.shared();
    private final int port;

    SampleClient(int port) {
        this.port = port;
    }

    HttpResponse<String> send(String method, String path, @Nullable String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, Map.of());
    }

    JsonNode getJson(String path) throws Exception {
        return json.readTree(get(path).body());
    }

    HttpResponse<String> order(String key, String item, int quantity) throws Exception {
        return order("", key, item, quantity, Map.of());
    }

    HttpResponse<String> order(String query, String key, String item, int quantity, Map<String, String> extra)
            throws Exception {
        Map<String, String> headers = new HashMap<>(extra);
        headers.put("Idempotency-Key", key);
        return send("POST", "/orders" + query, orderJson(item, quantity), headers);
    }

    static String orderJson(String item, int quantity) {
        return "{\"item\":\"" + item + "\",\"quantity\":" + quantity + "}";
    }

    HttpResponse<String> pay(String orderId) throws Exception {
        return send(
                "POST",
                "/payments",
                "{\"orderId\":\"" + orderId + "\",\"amount\":12.50,\"currency\":\"EUR\"}",
                Map.of());
    }

    /** How many orders of this item the handler really created on this instance. */
    long ordersOf(String item) throws Exception {
        return StreamSupport.stream(getJson("/orders").spliterator(), false)
                .filter(order -> order.get("item").asString().equals(item))
                .count();
    }

    /** How many payments for this order the service really made on this instance. */
    long paymentsFor(String orderId) throws Exception {
        return StreamSupport.stream(getJson("/payments").spliterator(), false)
                .filter(payment -> payment.get("orderId").asString().equals(orderId))
                .count();
    }

    /** Sends {@code racers} requests from as many threads, released at once; answers in order. */
    static List<HttpResponse<String>> race(int racers, IntFunction<Callable<HttpResponse<String>>> request)
            throws Exception {
        return RacingCalls.race(racers, RACE_TIMEOUT, request);
    }

    /**
     * Checks the answers to racing duplicates of one order: each is the original {@code 201}, a
     * replay of it or a {@code 409}, exactly one is the original, and every {@code 201} has its body.
     */
    static void assertOneOriginalAndItsReplays(List<HttpResponse<String>> responses) {
        assertThat(responses)
                .allSatisfy(response -> assertThat(response.statusCode()).isIn(201, 409));
        List<HttpResponse<String>> created = responses.stream()
                .filter(response -> response.statusCode() == 201)
                .toList();
        assertThat(created)
                .filteredOn(response ->
                        response.headers().firstValue("Idempotent-Replayed").isEmpty())
                .hasSize(1);
        assertThat(created)
                .extracting(HttpResponse::body)
                .containsOnly(created.get(0).body());
    }

    /**
     * Checks the answers to racing duplicates of one payment: each is a {@code 200} or a {@code 409},
     * and every {@code 200} carries the same payment.
     */
    static void assertOnePaymentAnswered(List<HttpResponse<String>> responses) {
        assertThat(responses)
                .allSatisfy(response -> assertThat(response.statusCode()).isIn(200, 409));
        assertThat(responses.stream()
                        .filter(response -> response.statusCode() == 200)
                        .map(response ->
                                JsonMapper.shared().readTree(response.body()).get("id"))
                        .distinct())
                .hasSize(1);
    }
}
