package io.github.idempotency.spring;

import static io.github.idempotency.spring.IdempotencyOutcome.CONFLICT;
import static io.github.idempotency.spring.IdempotencyOutcome.EXECUTED;
import static io.github.idempotency.spring.IdempotencyOutcome.REPLAYED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.BeginResult.Outcome;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.test.MutableClock;
import io.github.idempotency.test.RacingCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IdempotentAspectConcurrencyTests {

    private final ApplicationContextRunner runner = AspectContexts.runner();

    @Test
    void racingDuplicatesRunTheMethodExactlyOnce() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            int threads = 16;
            List<String> values = RacingCalls.race(threads, Duration.ofSeconds(10), () -> {
                while (true) {
                    try {
                        return orders.race("race-1");
                    } catch (IdempotencyConflictException conflict) {
                        Thread.sleep(5);
                    }
                }
            });
            assertThat(orders.runs("race")).isEqualTo(1);
            assertThat(values).hasSize(threads).containsOnly(values.get(0));
            assertThat(context.getBean(RecordingListener.class).outcomes())
                    .containsOnly(EXECUTED, REPLAYED, CONFLICT)
                    .containsOnlyOnce(EXECUTED)
                    .filteredOn(REPLAYED::equals)
                    .hasSize(threads - 1);
        });
    }

    @Test
    void duplicateInFlightGetsAConflictThatSaysWhenToRetry() {
        runner.run(context -> {
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            String key = AspectContexts.key("orders", "busy-1");
            store.tryBegin(key, Duration.ofSeconds(30));
            Orders orders = context.getBean(Orders.class);
            assertThatExceptionOfType(IdempotencyConflictException.class)
                    .isThrownBy(() -> orders.text("busy-1"))
                    .satisfies(conflict -> {
                        assertThat(conflict.key()).isEqualTo(key);
                        assertThat(conflict.scope()).isEqualTo("orders");
                        assertThat(conflict.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                        assertThat(conflict.expiresAt()).isEqualTo(AspectContexts.START.plusSeconds(30));
                    });
            assertThat(orders.runs("text")).isZero();
            assertThat(context.getBean(RecordingListener.class).outcomes()).containsExactly(CONFLICT);
        });
    }

    @Test
    void crashedHoldersKeyIsFreeAfterTheLeaseNotTheRetention() {
        runner.withPropertyValues("idempotency.lease=30s", "idempotency.retention=24h")
                .run(context -> {
                    IdempotencyStore store = context.getBean(IdempotencyStore.class);
                    MutableClock clock = context.getBean(MutableClock.class);
                    Orders orders = context.getBean(Orders.class);
                    BeginResult crashed =
                            store.tryBegin(AspectContexts.key("orders", "crash-1"), Duration.ofSeconds(30));
                    assertThat(crashed.outcome()).isEqualTo(BeginResult.Outcome.ACQUIRED);
                    assertThatExceptionOfType(IdempotencyConflictException.class)
                            .isThrownBy(() -> orders.text("crash-1"));
                    clock.advance(Duration.ofSeconds(31));
                    orders.text("crash-1");
                    assertThat(orders.runs("text")).isEqualTo(1);
                });
    }

    @Test
    void waitsForTheCallInFlightAndReplaysItsResultWhenConflictWaitIsSet() throws Exception {
        // the duplicate meets the call in flight, then polls it again instead of answering a conflict
        CountDownLatch conflicts = new CountDownLatch(2);
        IdempotencyStore store = new ForwardingIdempotencyStore(new MemoryIdempotencyStore()) {
            @Override
            public BeginResult tryBegin(String key, Duration lease) {
                BeginResult begin = super.tryBegin(key, lease);
                if (begin.outcome() == Outcome.CONFLICT) {
                    conflicts.countDown();
                }
                return begin;
            }
        };
        AspectContexts.withoutStore()
                .withBean(IdempotencyStore.class, () -> store)
                .run(context -> {
                    Orders orders = context.getBean(Orders.class);
                    CountDownLatch started = new CountDownLatch(1);
                    CountDownLatch release = new CountDownLatch(1);
                    CompletableFuture<String> first =
                            CompletableFuture.supplyAsync(() -> call(orders, started, release));
                    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
                    CompletableFuture<String> duplicate =
                            CompletableFuture.supplyAsync(() -> call(orders, started, release));
                    assertThat(conflicts.await(5, TimeUnit.SECONDS))
                            .as("the duplicate polled the call in flight twice")
                            .isTrue();
                    assertThat(duplicate).isNotDone();
                    release.countDown();
                    assertThat(duplicate.get(5, TimeUnit.SECONDS)).isEqualTo(first.get(5, TimeUnit.SECONDS));
                    assertThat(orders.runs("patient")).isEqualTo(1);
                    assertThat(context.getBean(RecordingListener.class).outcomes())
                            .containsExactlyInAnyOrder(EXECUTED, REPLAYED);
                });
    }

    @Test
    void heartbeatKeepsAShortLeaseForALongCall() {
        AspectContexts.runner().run(context -> {
            Orders orders = context.getBean(Orders.class);
            MutableClock clock = context.getBean(MutableClock.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            String key = AspectContexts.key("held", "held-1");
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return orders.held("held-1", started, release);
                } catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            // Five steps of 200 ms against a 300 ms lease: without a renewal after each step, the
            // lease would end; the store's clock moves only when the test moves it.
            for (int step = 0; step < 5; step++) {
                Instant before = store.get(key).orElseThrow().expiresAt();
                clock.advance(Duration.ofMillis(200));
                AspectContexts.awaitRenewalAfter(store, key, before);
            }
            assertThatExceptionOfType(IdempotencyConflictException.class)
                    .isThrownBy(() -> orders.held("held-1", new CountDownLatch(1), new CountDownLatch(0)));
            release.countDown();
            String result = held.get(5, TimeUnit.SECONDS);
            assertThat(orders.held("held-1", new CountDownLatch(1), new CountDownLatch(0)))
                    .isEqualTo(result);
            assertThat(orders.runs("held")).isEqualTo(1);
            assertThat(store.get(key).orElseThrow().state()).isEqualTo(RecordState.COMPLETE);
        });
    }

    private static String call(Orders orders, CountDownLatch started, CountDownLatch release) {
        try {
            return orders.patient("wait-1", started, release);
        } catch (InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
