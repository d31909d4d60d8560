package io.github.idempotency.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Requests answered before a handler method began to run leave their key free, in a real servlet
 * container with Spring Boot's own error handling.
 */
@SpringBootTest(
        classes = IdempotencyKeyFilterNotInvokedHttpTests.App.class,
        webEnvironment = WebEnvironment.RANDOM_PORT)
class IdempotencyKeyFilterNotInvokedHttpTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private IdempotencyStore store;

    private final String key = "key-" + UUID.randomUUID();

    @Test
    void anUnsupportedContentTypeLeavesTheKeyFreeForTheCorrectRetry() throws Exception {
        HttpResponse<String> wrongType = send("POST", "/payments", "text/plain", "{\"amount\":5}", null);
        HttpResponse<String> retry = send("POST", "/payments", "application/json", "{\"amount\":5}", null);
        HttpResponse<String> repeat = send("POST", "/payments", "application/json", "{\"amount\":5}", null);

        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(retry.body()).isEqualTo(repeat.body());
    }

    @Test
    void aBodyOrParameterThatFailsToBindLeavesTheKeyFree() throws Exception {
        HttpResponse<String> unreadable = send("POST", "/payments", "application/json", "{\"amount\":", null);
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(record()).isFalse();

        HttpResponse<String> mistyped = send("POST", "/refunds?amount=ten", "text/plain", "", null);
        assertThat(mistyped.statusCode()).isEqualTo(400);
        assertThat(record()).isFalse();

        HttpResponse<String> retry = send("POST", "/refunds?amount=10", "text/plain", "", null);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(record()).isTrue();
    }

    @Test
    void noHandlerAWrongMethodOrAnUnacceptableAnswerLeaveTheKeyFree() throws Exception {
        int executionsBefore = Payments.executions.get();
        assertThat(send("POST", "/nowhere", "text/plain", "x", null).statusCode())
                .isEqualTo(404);
        assertThat(record()).isFalse();
        assertThat(send("POST", "/catalog", "text/plain", "x", null).statusCode())
                .isEqualTo(405);
        assertThat(record()).isFalse();
        assertThat(send("POST", "/payments", "application/json", "{\"amount\":5}", "image/png")
                        .statusCode())
                .isEqualTo(406);
        assertThat(record()).isFalse();
        assertThat(Payments.executions).hasValue(executionsBefore);
    }

    @Test
    void aClientErrorFromAHandlerThatRanIsStillStored() throws Exception {
        HttpResponse<String> declined = send("POST", "/declined", "text/plain", "x", null);
        HttpResponse<String> repeat = send("POST", "/declined", "text/plain", "x", null);

        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(repeat.statusCode()).isEqualTo(402);
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    private boolean record() {
        return store.get(IdempotencyKeys.buildKey(null, "http", key, null)).isPresent();
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", contentType)
                .header("Idempotency-Key", key)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Payments.class)
    static class App {}

    @RestController
    static class Payments {

        static final AtomicInteger executions = new AtomicInteger();

        @PostMapping(path = "/payments", produces = "application/json")
        @ResponseStatus(HttpStatus.CREATED)
        Map<String, Object> pay(@RequestBody Map<String, Integer> payment) {
            return Map.of("payment", executions.incrementAndGet(), "amount", payment.get("amount"));
        }

        @PostMapping("/refunds")
        String refund(@RequestParam("amount") int amount) {
            return "refunded " + amount;
        }

        @GetMapping("/catalog")
        String catalog() {
            return "catalog";
        }

        @PostMapping("/declined")
        @ResponseStatus(HttpStatus.PAYMENT_REQUIRED)
        String declined() {
            return "declined";
        }
    }
}
