package io.github.idempotency.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With {@code idempotency.web.fail-open}, and only then, an unreachable store lets the request run. */
@SpringBootTest(
        classes = ReactiveIdempotencyKeyFilterStoreDownHttpTests.App.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.web-application-type=reactive", "idempotency.web.fail-open=true"})
class ReactiveIdempotencyKeyFilterFailOpenHttpTests {

    @LocalServerPort
    private int port;

    @Test
    void anUnreachableStoreLetsTheRequestRunWithItsBody() {
        int before = ReactiveIdempotencyKeyFilterStoreDownHttpTests.Payments.executions.get();

        WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build()
                .post()
                .uri("/payments")
                .header("Idempotency-Key", "k-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(ReactiveIdempotencyKeyFilterStoreDownHttpTests.Payments.executions.get())
                .isEqualTo(before + 1);
    }
}
