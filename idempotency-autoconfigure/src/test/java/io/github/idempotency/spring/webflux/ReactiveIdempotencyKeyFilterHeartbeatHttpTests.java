package io.github.idempotency.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.ForwardingIdempotencyStore;
import io.github.idempotency.test.MutableClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The heartbeat renews the lease of a WebFlux request while its handler runs, so a request that
 * outlives many leases is still in flight for its duplicates.
 */
@SpringBootTest(
        classes = ReactiveIdempotencyKeyFilterHeartbeatHttpTests.App.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.web-application-type=reactive", "idempotency.lease=1s", "idempotency.heartbeat=100ms"
        })
class ReactiveIdempotencyKeyFilterHeartbeatHttpTests {

    @LocalServerPort
    private int port;

    @Test
    void aLongHandlerKeepsItsKeyForFiveLeasesAndTheDuplicateGets409() throws Exception {
        WebTestClient client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
        Mono<Integer> first = Mono.fromCallable(() -> post(client)).subscribeOn(Schedulers.boundedElastic());
        CompletableFuture<Integer> firstStatus = first.toFuture();
        assertThat(Slow.started.await(10, TimeUnit.SECONDS)).isTrue();

        for (int lease = 0; lease < 5; lease++) {
            App.CLOCK.advance(Duration.ofMillis(900));
            // the second renewal from now surely began after the move: it extends the lease by 1 s
            // from the moved clock
            App.STORE.touches.drainPermits();
            assertThat(App.STORE.touches.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
        }
        int duplicate = post(client);
        Slow.release.countDown();

        assertThat(duplicate).isEqualTo(409);
        assertThat(firstStatus.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(Slow.executions).hasValue(1);
    }

    private static int post(WebTestClient client) {
        return client.post()
                .uri("/slow")
                .header("Idempotency-Key", "renewed-key")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
    }

    /** A memory store on a clock the test moves, that signals each renewal. */
    static final class RenewalSignallingStore extends ForwardingIdempotencyStore {

        final Semaphore touches = new Semaphore(0);

        RenewalSignallingStore(IdempotencyStore delegate) {
            super(delegate);
        }

        @Override
        public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
            IdempotencyRecord record = super.touch(key, ownerToken, lease);
            touches.release();
            return record;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Slow.class, BootLine.ReactorNetty.class})
    static class App {

        static final MutableClock CLOCK = MutableClock.startingAtFixedInstant();
        static final RenewalSignallingStore STORE = new RenewalSignallingStore(new MemoryIdempotencyStore(
                new MemoryIdempotencyStore.Options(Duration.ofMinutes(5), 1000, 1024 * 1024), CLOCK));

        @Bean
        IdempotencyStore idempotencyStore() {
            return STORE;
        }
    }

    @RestController
    static class Slow {

        static final AtomicInteger executions = new AtomicInteger();
        static final CountDownLatch started = new CountDownLatch(1);
        static final CountDownLatch release = new CountDownLatch(1);

        @PostMapping("/slow")
        Mono<String> slow() {
            executions.incrementAndGet();
            started.countDown();
            return Mono.fromCallable(() -> release.await(20, TimeUnit.SECONDS))
                    .subscribeOn(Schedulers.boundedElastic())
                    .map(released -> "{\"released\":" + released + "}");
        }
    }
}
