package io.github.idempotency.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.NonBlockingIdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.redis.RedisIdempotencyStore;
import io.github.idempotency.spring.metrics.MeteredIdempotencyStore;
import io.github.idempotency.test.LoopbackServers;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.scheduler.Schedulers;

/**
 * BlockHound watches the Reactor Netty event loops while a WebFlux controller answers {@code
 * @Idempotent} {@code Mono} calls, and while the {@code Idempotency-Key} filter calls Redis through
 * its non-blocking calls: every blocking method of the store is marked as blocking, so a store call
 * made on an event loop (or any other Reactor {@code NonBlocking} thread) is caught, and so is any
 * wait inside Spring Data Redis or Lettuce. Runs in its own
 * JVM (the {@code event-loop-check} surefire execution), as BlockHound stays installed for the rest
 * of the JVM and needs {@code -XX:+AllowRedefinitionToAddDeleteMethods} on JDK 17.
 */
class IdempotentWebFluxEventLoopTests {

    private static final List<String> BLOCKED = new CopyOnWriteArrayList<>();
    private static final String SCHEDULED_TASKS = "event-loop-check";

    static {
        // install(...) adds the integrations on the class path: Reactor's marks its NonBlocking
        // threads (Reactor Netty's event loops among them) as threads that must not block
        BlockHound.install(builder -> {
            for (String method : List.of("tryBegin", "touch", "complete", "fail", "get", "delete", "sweep")) {
                builder.markAsBlocking(ForwardingIdempotencyStore.class, method, signature(method));
            }
            // the test's HTTP client shares the event loops; its first response loads Netty's
            // zstd native library from a jar, once per JVM
            builder.allowBlockingCallsInside(
                    "io.netty.handler.codec.http.HttpContentDecompressor", "newContentDecoder");
            builder.blockingMethodCallback(method -> {
                BLOCKED.add(method + " on " + Thread.currentThread().getName()
                        + java.util.Arrays.toString(new Throwable().getStackTrace())
                                .replace(", ", "\n"));
                throw new BlockingOperationError(method);
            });
        });
    }

    @AfterEach
    void clear() {
        BLOCKED.clear();
    }

    @Test
    void answersFirstCallReplayAndConflictWithoutBlockingAnEventLoop() throws Exception {
        try (ConfigurableApplicationContext context =
                WebFluxPayments.start(new MarkedStore(new MemoryIdempotencyStore()))) {
            WebFluxPayments payments = context.getBean(WebFluxPayments.class);
            WebTestClient client = WebFluxPayments.client(context);
            client.post().uri("/payments/b-1").exchange().expectStatus().isOk();
            client.post().uri("/payments/b-1").exchange().expectStatus().isOk();

            int port = BootLine.serverPort(context);
            CompletableFuture<String> first = WebClient.create("http://127.0.0.1:" + port)
                    .post()
                    .uri("/held/b-2")
                    .retrieve()
                    .bodyToMono(String.class)
                    .toFuture();
            assertThat(payments.awaitStarted("b-2")).isTrue();
            client.post().uri("/held/b-2").exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);
            payments.release("b-2");
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("held-b-2");

            client.post().uri("/declines/b-3").exchange().expectStatus().is5xxServerError();
            client.post().uri("/declines/b-3").exchange().expectStatus().isEqualTo(422);
            assertThat(payments.runs()).isEqualTo(3);
        }
        assertThat(BLOCKED).isEmpty();
    }

    @Test
    void keysCallsWithThePrincipalAndTenantOfTheRequestWithoutBlockingAnEventLoop() {
        try (ConfigurableApplicationContext context = WebFluxPayments.start(
                IdempotentWebFluxCallerTests.Callers.class, new MarkedStore(new MemoryIdempotencyStore()))) {
            WebTestClient client = WebFluxPayments.client(context);
            for (int i = 0; i < 2; i++) {
                client.post()
                        .uri("/accounts/b-5")
                        .header("X-User", "alice")
                        .header("X-Tenant", "north")
                        .exchange()
                        .expectBody(String.class)
                        .isEqualTo("b-5-1");
                client.post()
                        .uri("/accounts/b-5")
                        .header("X-Authenticated", "bob")
                        .header("X-Tenant", "north")
                        .exchange()
                        .expectBody(String.class)
                        .isEqualTo("b-5-2");
            }
        }
        assertThat(BLOCKED).isEmpty();
    }

    @Test
    void answersAnUnreachableStoreWithoutBlockingAnEventLoop() {
        try (ConfigurableApplicationContext context =
                WebFluxPayments.start(new MarkedStore(new UnreachableIdempotencyStore()))) {
            WebFluxPayments.client(context)
                    .post()
                    .uri("/payments/b-4")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        }
        assertThat(BLOCKED).isEmpty();
    }

    @Test
    void callsRedisFromTheEventLoopWithoutBlockingItOrHandingTheCallsToBoundedElastic() {
        LoopbackServers.require("Redis", 6379);
        LettuceConnectionFactory redis =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
        redis.afterPropertiesSet();
        String prefix = "idempotency-event-loop-test:" + UUID.randomUUID() + ":";
        RedisStore marked = new RedisStore(new RedisIdempotencyStore(
                redis, RedisIdempotencyStore.Options.defaults().withKeyPrefix(prefix)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> taskThreads = new CopyOnWriteArrayList<>();
        try (ConfigurableApplicationContext context =
                WebFluxPayments.start(WebFluxOrders.Config.class, new MeteredIdempotencyStore(marked, registry))) {
            WebFluxOrders orders = context.getBean(WebFluxOrders.class);
            WebTestClient client = WebFluxPayments.client(context);
            // the first call opens the store's reactive connection, which is done off the event loop
            order(client, "/orders/r-0", "key-0").expectStatus().isOk();
            marked.nonBlockingCalls.clear();
            orders.handlerThreads().clear();

            Schedulers.onScheduleHook(SCHEDULED_TASKS, task -> () -> {
                taskThreads.add(Thread.currentThread().getName());
                task.run();
            });
            try {
                String first = order(client, "/orders/r-1", "key-1")
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
                order(client, "/orders/r-1", "key-1")
                        .expectStatus()
                        .isOk()
                        .expectHeader()
                        .valueEquals("Idempotent-Replayed", "true")
                        .expectBody(String.class)
                        .isEqualTo(first);
                order(client, "/busy/r-2", "key-2").expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                order(client, "/busy/r-2", "key-2").expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            } finally {
                Schedulers.resetOnScheduleHook(SCHEDULED_TASKS);
            }

            assertThat(orders.runs()).isEqualTo(4); // the warm-up, the first, and the two retryable answers
            assertThat(marked.blockingCalls).hasValue(0);
            assertThat(marked.nonBlockingCalls)
                    .extracting(call -> call.substring(0, call.indexOf(' ')))
                    .containsExactlyInAnyOrder(
                            "tryBeginAsync",
                            "completeAsync",
                            "tryBeginAsync",
                            "tryBeginAsync",
                            "failAsync",
                            "tryBeginAsync",
                            "failAsync");
            // tryBegin is sent from the event loop; complete and fail from where the response is written
            assertThat(marked.nonBlockingCalls)
                    .filteredOn(call -> call.startsWith("tryBeginAsync"))
                    .allSatisfy(call -> assertThat(call).contains(" on reactor-http-"));
            assertThat(marked.nonBlockingCalls)
                    .allSatisfy(call -> assertThat(call).containsPattern(" on (reactor-http-|parallel-)"));
            // the handler goes on on the parallel scheduler once Redis answered, not on Lettuce's thread
            assertThat(orders.handlerThreads())
                    .hasSize(3)
                    .allSatisfy(thread -> assertThat(thread).startsWith("parallel-"));
            assertThat(taskThreads)
                    .isNotEmpty()
                    .noneSatisfy(thread -> assertThat(thread).startsWith("boundedElastic"));
            assertThat(registry.get(MeteredIdempotencyStore.METRIC_NAME)
                            .tags("operation", "try_begin", "outcome", "replay")
                            .timer()
                            .count())
                    .isEqualTo(1);
        } finally {
            StringRedisTemplate template = new StringRedisTemplate(redis);
            template.delete(template.keys(prefix + "*"));
            redis.destroy();
        }
        assertThat(BLOCKED).isEmpty();
    }

    private static WebTestClient.ResponseSpec order(WebTestClient client, String uri, String key) {
        return client.post().uri(uri).header("Idempotency-Key", key).exchange();
    }

    private static String signature(String method) {
        return switch (method) {
            case "tryBegin" -> "(Ljava/lang/String;Ljava/time/Duration;)Lio/github/idempotency/core/BeginResult;";
            case "touch" ->
                "(Ljava/lang/String;Ljava/lang/String;Ljava/time/Duration;)Lio/github/idempotency/core/IdempotencyRecord;";
            case "complete" ->
                "(Ljava/lang/String;Ljava/lang/String;[BLjava/time/Duration;)Lio/github/idempotency/core/IdempotencyRecord;";
            case "fail" ->
                "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/time/Duration;)"
                        + "Lio/github/idempotency/core/IdempotencyRecord;";
            case "get" -> "(Ljava/lang/String;)Ljava/util/Optional;";
            case "delete" -> "(Ljava/lang/String;)V";
            default -> "()I";
        };
    }

    /**
     * The Redis store, its blocking calls treated as blocking by BlockHound and counted, and its
     * non-blocking calls noted with the thread each was made on.
     */
    static final class RedisStore extends ForwardingIdempotencyStore {

        final AtomicInteger blockingCalls = new AtomicInteger();
        final List<String> nonBlockingCalls = new CopyOnWriteArrayList<>();
        private final NonBlockingIdempotencyStore calls;

        RedisStore(RedisIdempotencyStore delegate) {
            super(delegate);
            this.calls = delegate.nonBlocking().orElseThrow();
        }

        @Override
        public BeginResult tryBegin(String key, Duration lease) {
            blockingCalls.incrementAndGet();
            return super.tryBegin(key, lease);
        }

        @Override
        public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
            blockingCalls.incrementAndGet();
            return super.complete(key, ownerToken, result, retention);
        }

        @Override
        public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
            blockingCalls.incrementAndGet();
            return super.fail(key, ownerToken, code, message, retention);
        }

        @Override
        public Optional<NonBlockingIdempotencyStore> nonBlocking() {
            return Optional.of(new NonBlockingIdempotencyStore() {
                @Override
                public CompletionStage<BeginResult> tryBeginAsync(String key, Duration lease) {
                    noted("tryBeginAsync");
                    return calls.tryBeginAsync(key, lease);
                }

                @Override
                public CompletionStage<IdempotencyRecord> completeAsync(
                        String key, String ownerToken, byte[] result, Duration retention) {
                    noted("completeAsync");
                    return calls.completeAsync(key, ownerToken, result, retention);
                }

                @Override
                public CompletionStage<IdempotencyRecord> failAsync(
                        String key, String ownerToken, String code, String message, Duration retention) {
                    noted("failAsync");
                    return calls.failAsync(key, ownerToken, code, message, retention);
                }
            });
        }

        private void noted(String call) {
            nonBlockingCalls.add(call + " on " + Thread.currentThread().getName());
        }
    }

    /** A store whose every call BlockHound treats as blocking, as a remote store's calls are. */
    static final class MarkedStore extends ForwardingIdempotencyStore {

        MarkedStore(IdempotencyStore delegate) {
            super(delegate);
        }
    }
}
