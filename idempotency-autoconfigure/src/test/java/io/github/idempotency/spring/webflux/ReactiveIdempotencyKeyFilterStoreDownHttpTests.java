package io.github.idempotency.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A WebFlux application whose store cannot be reached answers 503 and runs nothing. */
@SpringBootTest(
        classes = ReactiveIdempotencyKeyFilterStoreDownHttpTests.App.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.main.web-application-type=reactive")
class ReactiveIdempotencyKeyFilterStoreDownHttpTests {

    @LocalServerPort
    private int port;

    @Test
    void anUnreachableStoreAnswers503WithRetryAfterAndTheHandlerDoesNotRun() {
        int before = Payments.executions.get();
        WebTestClient client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();

        EntityExchangeResult<byte[]> result = client.post()
                .uri("/payments")
                .header("Idempotency-Key", "k-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectBody()
                .returnResult();

        assertThat(result.getStatus().value()).isEqualTo(503);
        assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                .isEqualTo("5");
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8))
                .contains("docs/HTTP.md#store-unavailable");
        assertThat(Payments.executions).hasValue(before);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Payments.class, BootLine.ReactorNetty.class})
    static class App {

        @Bean
        IdempotencyStore idempotencyStore() {
            return new UnreachableIdempotencyStore();
        }
    }

    @RestController
    static class Payments {

        static final AtomicInteger executions = new AtomicInteger();

        @PostMapping("/payments")
        String pay() {
            executions.incrementAndGet();
            return "{}";
        }
    }
}
