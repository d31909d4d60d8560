package io.github.idempotency.spring;

import static io.github.idempotency.spring.IdempotencyOutcome.CONFLICT;
import static io.github.idempotency.spring.IdempotencyOutcome.EXECUTED;
import static io.github.idempotency.spring.IdempotencyOutcome.REPLAYED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.spring.Orders.Order;
import io.github.idempotency.test.MutableClock;
import io.github.idempotency.test.RacingCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

class IdempotentAspectFutureTests {

    private final ApplicationContextRunner runner = AspectContexts.runner().withBean(FutureOrders.class);

    @Test
    void recordStaysInProgressUntilTheFutureCompletesAndDuplicatesThenGetItsValue() {
        runner.run(context -> {
            FutureOrders orders = context.getBean(FutureOrders.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            String key = AspectContexts.key("futures", "p-1");
            CompletableFuture<Order> first = orders.order("p-1");
            assertThat(first).isNotDone();
            assertThat(store.get(key))
                    .get()
                    .extracting(IdempotencyRecord::state)
                    .isEqualTo(RecordState.IN_PROGRESS);
            assertThat(orders.order("p-1"))
                    .failsWithin(Duration.ZERO)
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IdempotencyConflictException.class);

            orders.pending("p-1").complete(FutureOrders.orderOf("p-1"));

            assertThat(first).isCompletedWithValue(FutureOrders.orderOf("p-1"));
            assertThat(store.get(key))
                    .get()
                    .extracting(IdempotencyRecord::state)
                    .isEqualTo(RecordState.COMPLETE);
            CompletableFuture<Order> replayed = orders.order("p-1");
            assertThat(replayed).isCompletedWithValue(FutureOrders.orderOf("p-1"));
            assertThat(replayed.join()).isInstanceOf(Order.class);
            assertThat(orders.runs("order")).isEqualTo(1);
            assertThat(context.getBean(RecordingListener.class).outcomes())
                    .containsExactly(CONFLICT, EXECUTED, REPLAYED);
        });
    }

    @Test
    void racingCallersRunTheMethodExactlyOnceAndAllGetItsValue() {
        runner.run(context -> {
            FutureOrders orders = context.getBean(FutureOrders.class);
            int threads = 16;
            List<CompletableFuture<String>> calls = RacingCalls.race(
                    threads, Duration.ofSeconds(10), () -> orders.race("race-1").toCompletableFuture());
            List<String> values = new ArrayList<>();
            for (CompletableFuture<String> call : calls) {
                values.add(call.get(10, TimeUnit.SECONDS));
            }
            assertThat(orders.runs("race")).isEqualTo(1);
            assertThat(values).hasSize(threads).containsOnly(values.get(0));
            assertThat(context.getBean(RecordingListener.class).outcomes())
                    .containsOnlyOnce(EXECUTED)
                    .filteredOn(REPLAYED::equals)
                    .hasSize(threads - 1);
        });
    }

    @Test
    void failedFutureFreesTheKeySoARetryRunsAgain() {
        runner.run(context -> {
            FutureOrders orders = context.getBean(FutureOrders.class);
            assertThat(orders.flaky("f-1"))
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IllegalStateException.class)
                    .withMessageContaining("downstream unavailable");
            assertThat(context.getBean(IdempotencyStore.class).get(AspectContexts.key("futures", "f-1")))
                    .isEmpty();
            String retried = orders.flaky("f-1").join();
            assertThat(orders.flaky("f-1")).isCompletedWithValue(retried);
            assertThat(orders.runs("flaky")).isEqualTo(2);
        });
    }

    @Test
    void recordedFailureIsReplayedAsAFailedFuture() {
        runner.run(context -> {
            FutureOrders orders = context.getBean(FutureOrders.class);
            assertThat(orders.pay("d-1"))
                    .failsWithin(Duration.ZERO)
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(Orders.PaymentDeclined.class);
            CompletableFuture<String> replayed = orders.pay("d-1");
            assertThat(replayed).isCompletedExceptionally();
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(replayed::get)
                    .havingCause()
                    .isInstanceOfSatisfying(ReplayedFailureException.class, failure -> {
                        assertThat(failure.failureType()).isEqualTo(Orders.PaymentDeclined.class);
                        assertThat(failure.failureMessage()).startsWith("card declined on run");
                    });
            assertThat(orders.runs("pay")).isEqualTo(1);
        });
    }

    @Test
    void cancellingTheCallersFutureKeepsTheKeyUntilTheMethodsWorkEndsAndRecordsItsValue() {
        runner.run(context -> {
            FutureOrders orders = context.getBean(FutureOrders.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            String key = AspectContexts.key("futures", "c-1");
            CompletableFuture<Order> first = orders.order("c-1");
            first.cancel(false);
            assertThat(orders.pending("c-1")).as("the method's work goes on").isNotDone();
            assertThat(store.get(key))
                    .get()
                    .extracting(IdempotencyRecord::state)
                    .isEqualTo(RecordState.IN_PROGRESS);
            assertThat(orders.order("c-1"))
                    .failsWithin(Duration.ZERO)
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IdempotencyConflictException.class);

            orders.pending("c-1").complete(FutureOrders.orderOf("c-1"));

            assertThat(store.get(key))
                    .get()
                    .extracting(IdempotencyRecord::state)
                    .isEqualTo(RecordState.COMPLETE);
            assertThat(orders.order("c-1")).isCompletedWithValue(FutureOrders.orderOf("c-1"));
            assertThat(orders.runs("order")).isEqualTo(1);
            assertThat(context.getBean(RecordingListener.class).outcomes())
                    .containsExactly(CONFLICT, EXECUTED, REPLAYED);
        });
    }

    @Test
    void cancelledMethodFutureFreesTheKey() {
        runner.run(context -> {
            FutureOrders orders = context.getBean(FutureOrders.class);
            CompletableFuture<Order> first = orders.order("c-2");
            orders.pending("c-2").cancel(false);
            assertThat(first).failsWithin(Duration.ZERO).withThrowableOfType(CancellationException.class);
            assertThat(context.getBean(IdempotencyStore.class).get(AspectContexts.key("futures", "c-2")))
                    .isEmpty();
        });
    }

    @Test
    void replayKeepsTheGenericTypeArgument() {
        runner.run(context -> {
            FutureOrders orders = context.getBean(FutureOrders.class);
            List<Order> first = orders.orders("g-1").toCompletableFuture().join();
            CompletableFuture<List<Order>> replayed = orders.orders("g-1").toCompletableFuture();
            assertThat(replayed).isCompletedWithValue(first);
            assertThat(replayed.join()).allSatisfy(order -> assertThat(order).isInstanceOf(Order.class));
            assertThat(orders.runs("orders")).isEqualTo(1);
        });
    }

    @Test
    void futureTypesOtherThanCompletableFutureAreRefusedNamingTheMethod() {
        runner.run(context -> {
            FutureOrders orders = context.getBean(FutureOrders.class);
            assertThatIllegalStateException()
                    .isThrownBy(() -> orders.legacy("l-1"))
                    .withMessageContaining("FutureOrders.legacy(String)")
                    .withMessageContaining("java.util.concurrent.Future");
            assertThat(orders.runs("legacy")).isZero();
        });
    }

    @Test
    void voidFutureIsReplayedAsACompletedFutureOfNull() {
        runner.run(context -> {
            FutureOrders orders = context.getBean(FutureOrders.class);
            assertThat(orders.cancel("v-1")).isCompletedWithValue(null);
            assertThat(orders.cancel("v-1")).isCompletedWithValue(null);
            assertThat(orders.runs("cancel")).isEqualTo(1);
        });
    }

    @Test
    void heartbeatKeepsTheLeaseUntilTheFutureCompletes() {
        runner.run(context -> {
            FutureOrders orders = context.getBean(FutureOrders.class);
            MutableClock clock = context.getBean(MutableClock.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            String key = AspectContexts.key("futures", "slow-1");
            CompletableFuture<String> pending = new CompletableFuture<>();
            CompletableFuture<String> slow = orders.slow("slow-1", pending);
            // Five steps of 200 ms against a 300 ms lease: only renewals keep it.
            for (int step = 0; step < 5; step++) {
                Instant before = store.get(key).orElseThrow().expiresAt();
                clock.advance(Duration.ofMillis(200));
                AspectContexts.awaitRenewalAfter(store, key, before);
            }
            assertThat(orders.slow("slow-1", new CompletableFuture<>()))
                    .failsWithin(Duration.ZERO)
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IdempotencyConflictException.class);
            pending.complete("done");
            assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("done");
            assertThat(orders.slow("slow-1", new CompletableFuture<>())).isCompletedWithValue("done");
            assertThat(orders.runs("slow")).isEqualTo(1);
        });
    }

    @Test
    void futuresAreProtectedWithoutReactorOnTheClassPath() {
        runner.withClassLoader(new FilteredClassLoader(Mono.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(MonoReturnTypeHandler.class);
            FutureOrders orders = context.getBean(FutureOrders.class);
            CompletableFuture<Order> first = orders.order("n-1");
            orders.pending("n-1").complete(FutureOrders.orderOf("n-1"));
            assertThat(orders.order("n-1")).isCompletedWithValue(first.join());
            assertThat(orders.runs("order")).isEqualTo(1);
        });
    }
}
