package io.github.idempotency.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyKeys;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every row of the Idempotency-Key table, and exactly-once payments, over real HTTP against the
 * running sample. Each subclass picks the store through properties, so the same specification runs
 * on every store. Tests share one application, so each uses its own keys and item names.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractSampleHttpTests {

    private static final int RACERS = 16;

    private final JsonMapper json = JsonMapper.shared();

    @LocalServerPort
    private int port;

    private final String run = UUID.randomUUID().toString();

    private SampleClient client() {
        return new SampleClient(port);
    }

    private HttpResponse<String> send(String method, String path, @Nullable String body, Map<String, String> headers)
            throws Exception {
        return client().send(method, path, body, headers);
    }

    private HttpResponse<String> order(String key, String item, int quantity) throws Exception {
        return client().order(key, item, quantity);
    }

    private HttpResponse<String> order(String query, String key, String item, int quantity, Map<String, String> extra)
            throws Exception {
        return client().order(query, key, item, quantity, extra);
    }

    private long ordersOf(String item) throws Exception {
        return client().ordersOf(item);
    }

    private long paymentsFor(String orderId) throws Exception {
        return client().paymentsFor(orderId);
    }

    private JsonNode problem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
        return problem;
    }

    @Test
    void firstRequestCreatesAnOrder() throws Exception {
        HttpResponse<String> response = order("first-" + run, "tea-" + run, 2);

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode order = json.readTree(response.body());
        assertThat(response.headers().firstValue("Location"))
                .hasValue("/orders/" + order.get("id").asString());
        assertThat(order.get("item").asString()).isEqualTo("tea-" + run);
        assertThat(order.get("quantity").asInt()).isEqualTo(2);
        assertThat(order.get("tenant").asString()).isEqualTo("local");
        assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(ordersOf("tea-" + run)).isEqualTo(1);
    }

    @Test
    void repeatAfterCompletionGetsTheStoredResponseByteForByte() throws Exception {
        HttpResponse<String> first = order("replay-" + run, "tea-" + run, 1);
        HttpResponse<String> repeat = order("replay-" + run, "tea-" + run, 1);

        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(repeat.headers().firstValue("Content-Type"))
                .isEqualTo(first.headers().firstValue("Content-Type"));
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(ordersOf("tea-" + run)).isEqualTo(1);
    }

    @Test
    void aRepeatedRequestIdGetsTheFirstOrderFromTheAnnotatedHandler() throws Exception {
        Map<String, String> requestId = Map.of("Request-Id", "annotated-" + run);
        String body = SampleClient.orderJson("tea-" + run, 3);

        HttpResponse<String> first = send("POST", "/orders/by-request-id", body, requestId);
        HttpResponse<String> repeat = send("POST", "/orders/by-request-id", body, requestId);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(json.readTree(repeat.body()).get("id"))
                .isEqualTo(json.readTree(first.body()).get("id"));
        assertThat(repeat.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(ordersOf("tea-" + run)).isEqualTo(1);
    }

    @Test
    void repeatWhileTheFirstIsInFlightGets409WithRetryAfter() throws Exception {
        String item = "slow-" + run;
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return order("?simulateWorkMs=3000", "slow-" + run, item, 1, Map.of());
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        awaitOrderOf(item);

        HttpResponse<String> repeat = order("?simulateWorkMs=3000", "slow-" + run, item, 1, Map.of());

        assertThat(repeat.statusCode()).isEqualTo(409);
        assertThat(repeat.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 30));
        assertThat(problem(repeat).get("detail").asString()).contains("Idempotency-Key", "slow-" + run);
        assertThat(first.get().statusCode()).isEqualTo(201);
        assertThat(ordersOf(item)).isEqualTo(1);
    }

    /** Waits until the slow order was saved, so its request is known to hold the key. */
    private void awaitOrderOf(String item) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ordersOf(item) == 0) {
            assertThat(System.nanoTime()).as("the slow order never appeared").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void sameKeyForADifferentRequestGets422() throws Exception {
        order("reuse-" + run, "tea-" + run, 1);

        HttpResponse<String> other = order("reuse-" + run, "tea-" + run, 5);

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(problem(other).get("detail").asString()).contains("Idempotency-Key", "reuse-" + run);
        assertThat(ordersOf("tea-" + run)).isEqualTo(1);
    }

    @Test
    void missingHeaderOnTheOrdersPathGets400NamingTheHeader() throws Exception {
        HttpResponse<String> response = send("POST", "/orders", SampleClient.orderJson("tea-" + run, 1), Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problem(response).get("detail").asString()).contains("Idempotency-Key");
        assertThat(ordersOf("tea-" + run)).isZero();
    }

    @Test
    void malformedHeadersGet400() throws Exception {
        // the JDK client sends a non-ASCII character as '?': the filter's own tests cover those
        for (String key : List.of("", "   ", "k".repeat(256), "tab\tinside")) {
            HttpResponse<String> response = order(key, "tea-" + run, 1);

            assertThat(response.statusCode()).as("key %s", key).isEqualTo(400);
            assertThat(problem(response).get("detail").asString()).contains("Idempotency-Key");
        }
        assertThat(ordersOf("tea-" + run)).isZero();
    }

    @Test
    void invalidOrdersGet400ProblemDetails() throws Exception {
        HttpResponse<String> zero = order("zero-" + run, "tea-" + run, 0);
        HttpResponse<String> badJson = send("POST", "/orders", "{\"item\":", Map.of("Idempotency-Key", "json-" + run));

        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(problem(zero).get("detail").asString()).contains("quantity");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(ordersOf("tea-" + run)).isZero();
    }

    @Test
    void racingDuplicatesCreateExactlyOneOrder() throws Exception {
        String item = "race-" + run;
        List<HttpResponse<String>> responses =
                race(() -> order("?simulateWorkMs=200", "race-" + run, item, 1, Map.of()));

        SampleClient.assertOneOriginalAndItsReplays(responses);
        assertThat(ordersOf(item)).isEqualTo(1);
    }

    @Test
    void sameKeyInAnotherTenantCreatesAnotherOrder() throws Exception {
        HttpResponse<String> acme = order("", "tenant-" + run, "tea-" + run, 1, Map.of("X-Tenant-Id", "acme"));
        HttpResponse<String> globex = order("", "tenant-" + run, "tea-" + run, 1, Map.of("X-Tenant-Id", "globex"));

        assertThat(globex.statusCode()).isEqualTo(201);
        assertThat(globex.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(json.readTree(globex.body()).get("id"))
                .isNotEqualTo(json.readTree(acme.body()).get("id"));
        assertThat(json.readTree(globex.body()).get("tenant").asString()).isEqualTo("globex");
        assertThat(ordersOf("tea-" + run)).isEqualTo(2);
    }

    @Test
    void aRepeatedPaymentReturnsTheSamePaymentWithoutAHeader() throws Exception {
        String orderId = "order-" + run;
        HttpResponse<String> first = client().pay(orderId);
        HttpResponse<String> repeat = client().pay(orderId);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(json.readTree(repeat.body()).get("id"))
                .isEqualTo(json.readTree(first.body()).get("id"));
        assertThat(json.readTree(first.body()).get("amount").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(paymentsFor(orderId)).isEqualTo(1);
    }

    @Test
    void aRepeatedPaymentWithAnotherAmountGets422AndIsNotPaid() throws Exception {
        String orderId = "changed-order-" + run;
        HttpResponse<String> first = client().pay(orderId);
        HttpResponse<String> changed = send(
                "POST",
                "/payments",
                "{\"orderId\":\"" + orderId + "\",\"amount\":99.00,\"currency\":\"EUR\"}",
                Map.of());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(changed.statusCode()).isEqualTo(422);
        assertThat(problem(changed).get("title").asString()).isEqualTo("Idempotency key reused");
        assertThat(client().pay(orderId).body()).isEqualTo(first.body());
        assertThat(paymentsFor(orderId)).isEqualTo(1);
    }

    @Test
    void racingPaymentsForOneOrderMakeOnePayment() throws Exception {
        String orderId = "race-order-" + run;
        List<HttpResponse<String>> responses = race(() -> client().pay(orderId));

        SampleClient.assertOnePaymentAnswered(responses);
        assertThat(paymentsFor(orderId)).isEqualTo(1);
    }

    /** The store's name as the health indicator reports it. */
    abstract String storeName();

    @Test
    void theActuatorShowsTheCallsTheStoreAndTheRecord() throws Exception {
        double executed = calls("executed");
        double replayed = calls("replayed");

        order("seen-" + run, "tea-" + run, 1);
        order("seen-" + run, "tea-" + run, 1);

        assertThat(calls("executed")).isEqualTo(executed + 1);
        assertThat(calls("replayed")).isEqualTo(replayed + 1);
        JsonNode health = client().getJson("/actuator/health");
        assertThat(health.at("/components/idempotency/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/idempotency/details/store").asString())
                .isEqualTo(storeName());
        // the filter's key: tenant (none sent: local), scope "http", header value, principal (none)
        String key = IdempotencyKeys.buildKey(null, "http", "seen-" + run, (Object) null);
        JsonNode record = client().getJson("/actuator/idempotency/" + key);
        assertThat(record.get("key").asString()).isEqualTo(key);
        assertThat(record.get("state").asString()).isEqualTo("complete");
        assertThat(record.get("resultSize").asInt()).isPositive();
        assertThat(record.get("resultHash").asString()).hasSize(64);
    }

    /** The {@code idempotency.calls} count of the filter's scope; 0 before the scope's first call. */
    private double calls(String outcome) throws Exception {
        HttpResponse<String> metric =
                client().get("/actuator/metrics/idempotency.calls?tag=scope:http&tag=outcome:" + outcome);
        if (metric.statusCode() == 404) {
            return 0;
        }
        assertThat(metric.statusCode()).isEqualTo(200);
        return json.readTree(metric.body()).at("/measurements/0/value").asDouble();
    }

    /** Sends the same request from {@value #RACERS} threads released at once. */
    private static List<HttpResponse<String>> race(Callable<HttpResponse<String>> request) throws Exception {
        return SampleClient.race(RACERS, racer -> request);
    }
}
