package io.github.idempotency.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.test.RacingCalls;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * The {@code Idempotency-Key} filter of a WebFlux application built by the starter's
 * auto-configuration, over a real port on Reactor Netty: the answers of the servlet filter, and no
 * store call on an event-loop thread.
 */
@SpringBootTest(
        classes = ReactiveIdempotencyKeyFilterHttpTests.App.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.web-application-type=reactive",
            "idempotency.web.required-paths=/required/**",
            "idempotency.store.max-result-bytes=2KB",
            "idempotency.web.max-request-bytes=1KB"
        })
class ReactiveIdempotencyKeyFilterHttpTests {

    @LocalServerPort
    private int port;

    @Autowired
    private IdempotencyStore store;

    private WebTestClient client;

    private final String key = "key-" + UUID.randomUUID();

    @BeforeEach
    void bindToServer() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
        Handlers.executions.set(0);
    }

    @Test
    void theFilterIsTheAutoConfiguredReactiveOne(@Autowired List<WebFilter> filters) {
        assertThat(filters).hasAtLeastOneElementOfType(ReactiveIdempotencyKeyFilter.class);
    }

    @Test
    void aRepeatGetsTheStoredResponseByteForByteWithoutRunningTheHandler() {
        EntityExchangeResult<byte[]> first = post("/payments", key, "{\"amount\":5}");
        EntityExchangeResult<byte[]> repeat = post("/payments", key, "{\"amount\":5}");

        assertThat(first.getStatus().value()).isEqualTo(201);
        assertThat(first.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
        assertThat(repeat.getStatus().value()).isEqualTo(201);
        assertThat(repeat.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(repeat.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(repeat.getResponseHeaders().getLocation())
                .isEqualTo(first.getResponseHeaders().getLocation());
        assertThat(repeat.getResponseHeaders().getContentType())
                .isEqualTo(first.getResponseHeaders().getContentType());
        // a credential reaches the first caller only
        assertThat(first.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE)).isNotNull();
        assertThat(repeat.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE)).isNull();
        assertThat(Handlers.executions).hasValue(1);
        assertThat(record().state()).isEqualTo(RecordState.COMPLETE);
    }

    @Test
    void anSfStringAndTheBareValueAreOneKey() {
        post("/payments", key, "{\"amount\":5}");
        EntityExchangeResult<byte[]> quoted = post("/payments", "\"" + key + "\"", "{\"amount\":5}");

        assertThat(quoted.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(Handlers.executions).hasValue(1);
    }

    @Test
    void aDifferentRequestUnderTheSameKeyGets422() {
        post("/payments", key, "{\"amount\":5}");

        EntityExchangeResult<byte[]> otherBody = post("/payments", key, "{\"amount\":6}");
        EntityExchangeResult<byte[]> otherType = client.post()
                .uri("/payments")
                .header("Idempotency-Key", key)
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("{\"amount\":5}")
                .exchange()
                .expectBody()
                .returnResult();

        assertProblem(otherBody, 422, "key-reused");
        assertProblem(otherType, 422, "key-reused");
        assertThat(Handlers.executions).hasValue(1);
    }

    @Test
    void malformedAndMissingRequiredKeysGet400() {
        assertProblem(post("/payments", "x".repeat(300), "{}"), 400, "invalid-key");
        assertProblem(post("/payments", "\"unterminated", "{}"), 400, "invalid-key");
        assertProblem(post("/payments", "\"\"", "{}"), 400, "invalid-key");
        EntityExchangeResult<byte[]> missing = client.post()
                .uri("/required/payments")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectBody()
                .returnResult();
        assertProblem(missing, 400, "missing-key");
        assertThat(new String(missing.getResponseBody(), StandardCharsets.UTF_8))
                .contains("Idempotency-Key");
        assertThat(Handlers.executions).hasValue(0);
    }

    @Test
    void aBodyOverTheRequestLimitGets413() {
        assertProblem(post("/payments", key, "{\"pad\":\"" + "x".repeat(2000) + "\"}"), 413, "request-too-large");
        assertThat(Handlers.executions).hasValue(0);
        assertThat(store.get(storeKey(null, null))).isEmpty();
    }

    @Test
    void retryableStatusesAndServerErrorsFreeTheKey() {
        assertThat(post("/status/429", key, "{}").getStatus().value()).isEqualTo(429);
        assertThat(post("/status/429", key, "{}").getStatus().value()).isEqualTo(429);
        String other = key + "-500";
        assertThat(post("/status/500", other, "{}").getStatus().value()).isEqualTo(500);
        assertThat(post("/status/500", other, "{}").getStatus().value()).isEqualTo(500);

        assertThat(Handlers.executions).hasValue(4);
        assertThat(store.get(storeKey(null, null))).isEmpty();
    }

    @Test
    void aHandlerErrorFreesTheKey() {
        assertThat(post("/boom", key, "{}").getStatus().value()).isEqualTo(500);
        assertThat(post("/boom", key, "{}").getStatus().value()).isEqualTo(500);

        assertThat(Handlers.executions).hasValue(2);
    }

    @Test
    void aResponseOverTheStoreLimitReachesTheClientAndIsRecordedAsNotStored() {
        EntityExchangeResult<byte[]> first = post("/large", key, "{}");
        EntityExchangeResult<byte[]> repeat = post("/large", key, "{}");

        assertThat(first.getStatus().value()).isEqualTo(200);
        assertThat(first.getResponseBody()).hasSize(Handlers.LARGE.length());
        assertProblem(repeat, 409, "response-not-stored");
        assertThat(record().errorCode()).isEqualTo("response_too_large");
        assertThat(Handlers.executions).hasValue(1);
    }

    @Test
    void aStreamedResponsePassesThroughAndIsNotReplayed() {
        EntityExchangeResult<byte[]> first = post("/events", key, "{}");
        EntityExchangeResult<byte[]> repeat = post("/events", key, "{}");

        assertThat(new String(first.getResponseBody(), StandardCharsets.UTF_8)).contains("data:one");
        assertProblem(repeat, 409, "response-not-stored");
        assertThat(record().errorCode()).isEqualTo("response_streamed");
    }

    @Test
    void theKeyIsScopedToTheTenantAndThePrincipal() {
        EntityExchangeResult<byte[]> acme = postAs("/payments", "acme", "alice");
        EntityExchangeResult<byte[]> upperAcme = postAs("/payments", "ACME", "alice");
        EntityExchangeResult<byte[]> bob = postAs("/payments", "acme", "bob");
        EntityExchangeResult<byte[]> aliceAgain = postAs("/payments", "acme", "alice");

        assertThat(List.of(acme, upperAcme, bob))
                .allSatisfy(result -> assertThat(result.getResponseHeaders().getFirst("Idempotent-Replayed"))
                        .isNull());
        assertThat(aliceAgain.getResponseHeaders().getFirst("Idempotent-Replayed"))
                .isEqualTo("true");
        assertThat(aliceAgain.getResponseBody()).isEqualTo(acme.getResponseBody());
        assertThat(Handlers.executions).hasValue(3);
    }

    @Test
    void racingDuplicatesRunOnceAndTheOthersGet409OrTheReplay() throws Exception {
        List<EntityExchangeResult<byte[]>> results =
                RacingCalls.race(20, Duration.ofSeconds(30), () -> post("/slow", key, "{\"amount\":5}"));

        assertThat(Handlers.executions).hasValue(1);
        List<EntityExchangeResult<byte[]>> answered = results.stream()
                .filter(result -> result.getStatus().value() == 201)
                .toList();
        assertThat(answered).isNotEmpty();
        assertThat(answered)
                .allSatisfy(result -> assertThat(result.getResponseBody())
                        .isEqualTo(answered.get(0).getResponseBody()));
        results.stream().filter(result -> result.getStatus().value() != 201).forEach(result -> {
            assertProblem(result, 409, "key-in-flight");
            assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                    .isNotNull();
        });
    }

    @Test
    void aClientThatDisconnectsLeavesTheKeyInFlightWhileItsWorkMayRun() throws Exception {
        Handlers.hangStarted = new CountDownLatch(1);
        Handlers.hangCancelled = new CountDownLatch(1);
        Disposable call = HttpClient.create()
                .headers(headers -> headers.add("Idempotency-Key", key).add("Content-Type", "application/json"))
                .post()
                .uri("http://localhost:" + port + "/hang")
                .send(ByteBufFlux.fromString(Mono.just("{}")))
                .response()
                .subscribe();
        assertThat(Handlers.hangStarted.await(10, TimeUnit.SECONDS)).isTrue();

        call.dispose();

        assertThat(Handlers.hangCancelled.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(record().state()).isEqualTo(RecordState.IN_PROGRESS);
        EntityExchangeResult<byte[]> duplicate = post("/hang", key, "{}");
        assertProblem(duplicate, 409, "key-in-flight");
        assertThat(Handlers.executions).hasValue(1);
    }

    @Test
    void aFormBodyReachesTheHandlerAndItsRepeatIsReplayed() {
        EntityExchangeResult<byte[]> first = postForm("amount=5&currency=EUR");
        EntityExchangeResult<byte[]> repeat = postForm("amount=5&currency=EUR");
        EntityExchangeResult<byte[]> other = postForm("amount=6&currency=EUR");

        assertThat(new String(first.getResponseBody(), StandardCharsets.UTF_8)).isEqualTo("5 EUR");
        assertThat(repeat.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(repeat.getResponseBody()).isEqualTo(first.getResponseBody());
        assertProblem(other, 422, "key-reused");
        assertThat(Handlers.executions).hasValue(1);
    }

    @Test
    void aMultipartRetryWithAFreshBoundaryIsTheSameRequest() {
        EntityExchangeResult<byte[]> first = postMultipart("first-boundary", "report-1");
        EntityExchangeResult<byte[]> retry = postMultipart("second-boundary", "report-1");
        EntityExchangeResult<byte[]> other = postMultipart("third-boundary", "report-2");

        assertThat(new String(first.getResponseBody(), StandardCharsets.UTF_8)).isEqualTo("report-1");
        assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertProblem(other, 422, "key-reused");
        assertThat(Handlers.executions).hasValue(1);
    }

    @Test
    void noStoreCallRunsOnAnEventLoopThread() {
        post("/payments", key, "{\"amount\":5}");
        post("/payments", key, "{\"amount\":5}");
        post("/status/429", key + "-retryable", "{}");

        assertThat(App.threadCheckingStore().calls()).isPositive();
        assertThat(App.threadCheckingStore().eventLoopCalls()).isEmpty();
    }

    private EntityExchangeResult<byte[]> post(String path, String idempotencyKey, String json) {
        return client.post()
                .uri(path)
                .header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange()
                .expectBody()
                .returnResult();
    }

    private EntityExchangeResult<byte[]> postForm(String form) {
        return client.post()
                .uri("/form")
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue(form)
                .exchange()
                .expectBody()
                .returnResult();
    }

    private EntityExchangeResult<byte[]> postMultipart(String boundary, String name) {
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"name\"\r\n\r\n"
                + name + "\r\n"
                + "--" + boundary + "--\r\n";
        return client.post()
                .uri("/upload")
                .header("Idempotency-Key", key)
                .header(HttpHeaders.CONTENT_TYPE, "multipart/form-data; boundary=" + boundary)
                .bodyValue(body)
                .exchange()
                .expectBody()
                .returnResult();
    }

    private EntityExchangeResult<byte[]> postAs(String path, String tenant, String user) {
        return client.post()
                .uri(path)
                .header("Idempotency-Key", key)
                .header("X-Tenant", tenant)
                .header("X-User", user)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\":5}")
                .exchange()
                .expectBody()
                .returnResult();
    }

    private static void assertProblem(EntityExchangeResult<byte[]> result, int status, String type) {
        assertThat(result.getStatus().value()).isEqualTo(status);
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8)).contains("docs/HTTP.md#" + type);
    }

    private String storeKey(String tenant, String principal) {
        return IdempotencyKeys.buildKey(IdempotencyKeys.distinctTenant(tenant), "http", key, principal);
    }

    private IdempotencyRecord record() {
        Optional<IdempotencyRecord> record = store.get(storeKey(null, null));
        assertThat(record).isPresent();
        return record.get();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Handlers.class, BootLine.ReactorNetty.class})
    static class App {

        private static final ThreadCheckingStore STORE = new ThreadCheckingStore();

        static ThreadCheckingStore threadCheckingStore() {
            return STORE;
        }

        @Bean
        IdempotencyStore idempotencyStore() {
            return STORE;
        }

        @Bean
        ReactiveTenantResolver headerTenantResolver() {
            return exchange ->
                    Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst("X-Tenant"));
        }

        /** Stands in for Spring Security: the principal named by a header. */
        @Bean
        @Order(-200)
        WebFilter headerPrincipal() {
            return (exchange, chain) -> {
                String user = exchange.getRequest().getHeaders().getFirst("X-User");
                if (user == null) {
                    return chain.filter(exchange);
                }
                Principal principal = () -> user;
                return chain.filter(
                        exchange.mutate().principal(Mono.just(principal)).build());
            };
        }
    }

    @RestController
    static class Handlers {

        static final AtomicInteger executions = new AtomicInteger();
        static final String LARGE = "y".repeat(4096);
        static volatile CountDownLatch hangStarted = new CountDownLatch(1);
        static volatile CountDownLatch hangCancelled = new CountDownLatch(1);

        @PostMapping({"/payments", "/required/payments"})
        ResponseEntity<String> pay(@RequestBody String body) {
            int execution = executions.incrementAndGet();
            return ResponseEntity.status(201)
                    .header(HttpHeaders.LOCATION, "/payments/" + execution)
                    .header(HttpHeaders.SET_COOKIE, "session=secret")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"payment\":" + execution + ",\"id\":\"" + UUID.randomUUID() + "\"}");
        }

        @PostMapping("/slow")
        Mono<ResponseEntity<String>> slow(@RequestBody String body) {
            int execution = executions.incrementAndGet();
            return Mono.delay(Duration.ofMillis(500))
                    .map(tick -> ResponseEntity.status(201).body("{\"payment\":" + execution + "}"));
        }

        @PostMapping("/status/{status}")
        ResponseEntity<String> status(@PathVariable("status") int status) {
            executions.incrementAndGet();
            return ResponseEntity.status(status).body("{\"status\":" + status + "}");
        }

        @PostMapping("/boom")
        Mono<String> boom() {
            executions.incrementAndGet();
            return Mono.error(new IllegalStateException("boom"));
        }

        @PostMapping("/large")
        String large() {
            executions.incrementAndGet();
            return LARGE;
        }

        @PostMapping(value = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
        Flux<String> events() {
            executions.incrementAndGet();
            return Flux.just("one", "two");
        }

        @PostMapping("/form")
        Mono<String> form(ServerWebExchange exchange) {
            executions.incrementAndGet();
            return exchange.getFormData().map(form -> form.getFirst("amount") + " " + form.getFirst("currency"));
        }

        @PostMapping("/upload")
        Mono<String> upload(ServerWebExchange exchange) {
            executions.incrementAndGet();
            return exchange.getMultipartData()
                    .flatMap(parts ->
                            ((FormFieldPart) parts.getFirst("name")).content().next())
                    .map(buffer -> buffer.toString(StandardCharsets.UTF_8))
                    .defaultIfEmpty("none");
        }

        @PostMapping("/hang")
        Mono<String> hang() {
            executions.incrementAndGet();
            return Mono.<String>never()
                    .doOnSubscribe(subscription -> hangStarted.countDown())
                    .doOnCancel(() -> hangCancelled.countDown());
        }
    }
}
