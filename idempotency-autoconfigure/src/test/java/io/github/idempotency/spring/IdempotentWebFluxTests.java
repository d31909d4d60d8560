package io.github.idempotency.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** {@code @Idempotent} {@code Mono} methods of a WebFlux controller, over a real port. */
class IdempotentWebFluxTests {

    @Test
    void runsTheFirstCallAndReplaysItsValueToADuplicate() {
        try (ConfigurableApplicationContext context = WebFluxPayments.start(new MemoryIdempotencyStore())) {
            WebTestClient client = WebFluxPayments.client(context);
            client.post()
                    .uri("/payments/p-1")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .isEqualTo("p-1-1");
            client.post()
                    .uri("/payments/p-1")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .isEqualTo("p-1-1");
            assertThat(context.getBean(WebFluxPayments.class).runs()).isEqualTo(1);
        }
    }

    @Test
    void answersADuplicateInFlightWith409ProblemAndRetryAfterThenTheReplay() throws Exception {
        try (ConfigurableApplicationContext context = WebFluxPayments.start(new MemoryIdempotencyStore())) {
            WebFluxPayments payments = context.getBean(WebFluxPayments.class);
            WebTestClient client = WebFluxPayments.client(context);
            CompletableFuture<String> first = webClient(context)
                    .post()
                    .uri("/held/h-1")
                    .retrieve()
                    .bodyToMono(String.class)
                    .toFuture();
            assertThat(payments.awaitStarted("h-1")).isTrue();

            client.post()
                    .uri("/held/h-1")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.CONFLICT)
                    .expectHeader()
                    .exists("Retry-After")
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(409)
                    .jsonPath("$.title")
                    .isEqualTo("Request in progress");

            payments.release("h-1");
            assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("held-h-1");
            client.post()
                    .uri("/held/h-1")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .isEqualTo("held-h-1");
            assertThat(payments.runs()).isEqualTo(1);
        }
    }

    @Test
    void answersAnUnreachableStoreWith503ProblemAndRetryAfterWithoutRunning() {
        try (ConfigurableApplicationContext context = WebFluxPayments.start(new UnreachableIdempotencyStore())) {
            WebFluxPayments.client(context)
                    .post()
                    .uri("/payments/p-2")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectHeader()
                    .valueEquals("Retry-After", "5")
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(503);
            assertThat(context.getBean(WebFluxPayments.class).runs()).isZero();
        }
    }

    @Test
    void answersAKeyReusedWithAnotherPayloadWith422Problem() {
        try (ConfigurableApplicationContext context = WebFluxPayments.start(new MemoryIdempotencyStore())) {
            WebTestClient client = WebFluxPayments.client(context);
            client.post().uri("/charges/c-1?amount=5").exchange().expectStatus().isOk();
            client.post()
                    .uri("/charges/c-1?amount=6")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.title")
                    .isEqualTo("Idempotency key reused");
            assertThat(context.getBean(WebFluxPayments.class).runs()).isEqualTo(1);
        }
    }

    @Test
    void answersAReplayedFailureWith422Problem() {
        try (ConfigurableApplicationContext context = WebFluxPayments.start(new MemoryIdempotencyStore())) {
            WebTestClient client = WebFluxPayments.client(context);
            client.post().uri("/declines/d-1").exchange().expectStatus().is5xxServerError();
            client.post()
                    .uri("/declines/d-1")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                    .expectBody()
                    .jsonPath("$.title")
                    .isEqualTo("Failure replayed")
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail).doesNotContain("declined"));
            assertThat(context.getBean(WebFluxPayments.class).runs()).isEqualTo(1);
        }
    }

    @Test
    void answersATenantStrictModeRefusesWith400Problem() {
        try (ConfigurableApplicationContext context = WebFluxPayments.start(
                StrictTenant.class, new MemoryIdempotencyStore(), "idempotency.strict-tenant=true")) {
            WebFluxPayments.client(context)
                    .post()
                    .uri("/payments/p-3")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.title")
                    .isEqualTo("Invalid tenant")
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail).contains("acme.corp"));
            assertThat(context.getBean(WebFluxPayments.class).runs()).isZero();
        }
    }

    @Test
    void runsRacingDuplicatesOnce() {
        try (ConfigurableApplicationContext context = WebFluxPayments.start(new MemoryIdempotencyStore())) {
            WebClient client = webClient(context);
            List<HttpStatusCode> statuses = Flux.range(0, 20)
                    .flatMap(
                            i -> client.post()
                                    .uri("/payments/race")
                                    .exchangeToMono(
                                            response -> response.releaseBody().thenReturn(response.statusCode())),
                            20)
                    .collectList()
                    .block(Duration.ofSeconds(30));
            assertThat(statuses).hasSize(20).allMatch(status -> status.value() == 200 || status.value() == 409);
            assertThat(context.getBean(WebFluxPayments.class).runs()).isEqualTo(1);
        }
    }

    @Test
    void registersTheWebFluxExceptionHandlerOnlyInReactiveWebApplications() {
        try (ConfigurableApplicationContext context = WebFluxPayments.start(new MemoryIdempotencyStore())) {
            assertThat(context.getBeansOfType(IdempotentWebFluxExceptionHandler.class))
                    .hasSize(1);
        }
        AspectContexts.runner()
                .run(context -> assertThat(context).doesNotHaveBean(IdempotentWebFluxExceptionHandler.class));
    }

    private static WebClient webClient(ConfigurableApplicationContext context) {
        int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) context)
                .getWebServer()
                .getPort();
        return WebClient.create("http://127.0.0.1:" + port);
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class StrictTenant {

        @org.springframework.context.annotation.Bean
        TenantResolver tenantResolver() {
            return () -> "acme.corp";
        }
    }
}
