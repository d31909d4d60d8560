package io.github.idempotency.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
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

            problem(client, "/held/h-1", HttpStatus.CONFLICT, "")
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
    void keepsTheKeyOfAClientThatDisconnectedUntilTheWorkEndsAndThenReplaysIt() throws Exception {
        try (ConfigurableApplicationContext context = WebFluxPayments.start(new MemoryIdempotencyStore())) {
            WebFluxPayments payments = context.getBean(WebFluxPayments.class);
            WebTestClient client = WebFluxPayments.client(context);
            reactor.core.Disposable gone = webClient(context)
                    .post()
                    .uri("/held/h-2")
                    .retrieve()
                    .bodyToMono(String.class)
                    .subscribe();
            assertThat(payments.awaitStarted("h-2")).isTrue();
            gone.dispose();

            client.post().uri("/held/h-2").exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);
            payments.release("h-2");
            client.post()
                    .uri("/held/h-2")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .isEqualTo("held-h-2");
            assertThat(payments.runs()).isEqualTo(1);
        }
    }

    @Test
    void answersAnUnreachableStoreWith503ProblemAndRetryAfterWithoutRunning() {
        try (ConfigurableApplicationContext context = WebFluxPayments.start(new UnreachableIdempotencyStore())) {
            problem(WebFluxPayments.client(context), "/payments/p-2", HttpStatus.SERVICE_UNAVAILABLE, "5")
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
            problem(client, "/charges/c-1?amount=6", HttpStatusCode.valueOf(422), null)
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
            problem(client, "/declines/d-1", HttpStatusCode.valueOf(422), null)
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
            problem(WebFluxPayments.client(context), "/payments/p-3", HttpStatus.BAD_REQUEST, null)
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
        new org.springframework.boot.test.context.runner.WebApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(
                        io.github.idempotency.autoconfigure.IdempotencyAutoConfiguration.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(IdempotentExceptionHandler.class)
                        .doesNotHaveBean(IdempotentWebFluxExceptionHandler.class));
    }

    /**
     * Posts and expects a problem+json answer with this status, and with {@code Retry-After} when
     * {@code retryAfter} is not null (any value when it is empty).
     */
    private static WebTestClient.BodyContentSpec problem(
            WebTestClient client, String uri, HttpStatusCode status, @Nullable String retryAfter) {
        WebTestClient.ResponseSpec response = client.post()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null && retryAfter.isEmpty()) {
            response.expectHeader().exists("Retry-After");
        } else if (retryAfter != null) {
            response.expectHeader().valueEquals("Retry-After", retryAfter);
        }
        return response.expectBody();
    }

    private static WebClient webClient(ConfigurableApplicationContext context) {
        return WebClient.create("http://127.0.0.1:" + BootLine.serverPort(context));
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class StrictTenant {

        @org.springframework.context.annotation.Bean
        TenantResolver tenantResolver() {
            return () -> "acme.corp";
        }
    }
}
