package io.github.idempotency.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * BlockHound watches the Reactor Netty event loops while a WebFlux controller answers {@code
 * @Idempotent} {@code Mono} calls: every method of the store is marked as blocking, so a store call
 * made on an event loop (or any other Reactor {@code NonBlocking} thread) is caught. Runs in its own
 * JVM (the {@code event-loop-check} surefire execution), as BlockHound stays installed for the rest
 * of the JVM and needs {@code -XX:+AllowRedefinitionToAddDeleteMethods} on JDK 17.
 */
class IdempotentWebFluxEventLoopTests {

    private static final List<String> BLOCKED = new CopyOnWriteArrayList<>();

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

    /** A store whose every call BlockHound treats as blocking, as a remote store's calls are. */
    static final class MarkedStore extends ForwardingIdempotencyStore {

        MarkedStore(IdempotencyStore delegate) {
            super(delegate);
        }
    }
}
