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
import io.github.idempotency.test.RacingCalls;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

class IdempotentAspectMonoTests {

    private final ApplicationContextRunner runner = AspectContexts.runner().withBean(MonoOrders.class);

    @Test
    void monoThatIsNeverSubscribedTakesNoLeaseAndRunsNothing() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(MonoReturnTypeHandler.class);
            MonoOrders orders = context.getBean(MonoOrders.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            Mono<Order> placed = orders.place("s-1");
            assertThat(store.get(AspectContexts.key("monos", "s-1"))).isEmpty();
            assertThat(orders.runs("place")).isZero();

            Order value = placed.block(Duration.ofSeconds(5));

            assertThat(orders.runs("place")).isEqualTo(1);
            assertThat(orders.runs("placeSubscribed")).isEqualTo(1);
            assertThat(store.get(AspectContexts.key("monos", "s-1")))
                    .get()
                    .extracting(IdempotencyRecord::state)
                    .isEqualTo(RecordState.COMPLETE);
            assertThat(orders.place("s-1").block(Duration.ofSeconds(5))).isEqualTo(value);
            assertThat(placed.block(Duration.ofSeconds(5)))
                    .as("a second subscription to the first Mono is a duplicate too")
                    .isEqualTo(value);
            assertThat(orders.runs("place")).isEqualTo(1);
            assertThat(context.getBean(RecordingListener.class).outcomes())
                    .containsExactly(EXECUTED, REPLAYED, REPLAYED);
        });
    }

    @Test
    void recordStaysInProgressUntilTheValueArrivesAndDuplicatesThenGetIt() {
        runner.run(context -> {
            MonoOrders orders = context.getBean(MonoOrders.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            String key = AspectContexts.key("monos", "p-1");
            CompletableFuture<Order> first = orders.order("p-1").toFuture();
            assertThat(store.get(key))
                    .get()
                    .extracting(IdempotencyRecord::state)
                    .isEqualTo(RecordState.IN_PROGRESS);
            assertThatExceptionOfType(IdempotencyConflictException.class)
                    .isThrownBy(() -> orders.order("p-1").block(Duration.ofSeconds(5)))
                    .satisfies(conflict -> assertThat(conflict.key()).isEqualTo(key));

            orders.sink("p-1").tryEmitValue(FutureOrders.orderOf("p-1"));

            assertThat(first).isCompletedWithValue(FutureOrders.orderOf("p-1"));
            assertThat(store.get(key))
                    .get()
                    .extracting(IdempotencyRecord::state)
                    .isEqualTo(RecordState.COMPLETE);
            assertThat(orders.order("p-1").block(Duration.ofSeconds(5)))
                    .isInstanceOf(Order.class)
                    .isEqualTo(FutureOrders.orderOf("p-1"));
            assertThat(orders.runs("order")).isEqualTo(1);
            assertThat(orders.runs("orderSubscribed")).isEqualTo(1);
            assertThat(context.getBean(RecordingListener.class).outcomes())
                    .containsExactly(CONFLICT, EXECUTED, REPLAYED);
        });
    }

    @Test
    void emptyMonoIsStoredAndReplayedAsEmpty() {
        runner.run(context -> {
            MonoOrders orders = context.getBean(MonoOrders.class);
            assertThat(orders.nothing("e-1").blockOptional(Duration.ofSeconds(5)))
                    .isEmpty();
            assertThat(context.getBean(IdempotencyStore.class).get(AspectContexts.key("monos", "e-1")))
                    .get()
                    .extracting(IdempotencyRecord::state)
                    .isEqualTo(RecordState.COMPLETE);
            assertThat(orders.nothing("e-1").blockOptional(Duration.ofSeconds(5)))
                    .isEmpty();
            assertThat(orders.runs("nothing")).isEqualTo(1);
        });
    }

    @Test
    void errorFreesTheKeySoARetryRunsAgain() {
        runner.run(context -> {
            MonoOrders orders = context.getBean(MonoOrders.class);
            assertThatIllegalStateException()
                    .isThrownBy(() -> orders.flaky("f-1").block(Duration.ofSeconds(5)))
                    .withMessage("downstream unavailable");
            assertThat(context.getBean(IdempotencyStore.class).get(AspectContexts.key("monos", "f-1")))
                    .isEmpty();
            String retried = orders.flaky("f-1").block(Duration.ofSeconds(5));
            assertThat(orders.flaky("f-1").block(Duration.ofSeconds(5))).isEqualTo(retried);
            assertThat(orders.runs("flaky")).isEqualTo(2);
        });
    }

    @Test
    void recordedErrorIsReplayedAsAnErrorSignal() {
        runner.run(context -> {
            MonoOrders orders = context.getBean(MonoOrders.class);
            assertThatExceptionOfType(Orders.PaymentDeclined.class)
                    .isThrownBy(() -> orders.pay("d-1").block(Duration.ofSeconds(5)));
            assertThatExceptionOfType(ReplayedFailureException.class)
                    .isThrownBy(() -> orders.pay("d-1").block(Duration.ofSeconds(5)))
                    .satisfies(replayed -> assertThat(replayed.failureType()).isEqualTo(Orders.PaymentDeclined.class));
            assertThat(orders.runs("pay")).isEqualTo(1);
        });
    }

    @Test
    void cancellingTheSubscriptionKeepsTheKeyUntilTheMethodsMonoEndsAndRecordsItsValue() {
        runner.run(context -> {
            MonoOrders orders = context.getBean(MonoOrders.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            String key = AspectContexts.key("monos", "c-1");
            Disposable subscription = orders.order("c-1").subscribe();

            subscription.dispose();

            assertThat(store.get(key))
                    .get()
                    .extracting(IdempotencyRecord::state)
                    .isEqualTo(RecordState.IN_PROGRESS);
            assertThatExceptionOfType(IdempotencyConflictException.class)
                    .isThrownBy(() -> orders.order("c-1").block(Duration.ofSeconds(5)));

            orders.sink("c-1").tryEmitValue(FutureOrders.orderOf("c-1"));

            assertThat(store.get(key))
                    .get()
                    .extracting(IdempotencyRecord::state)
                    .isEqualTo(RecordState.COMPLETE);
            assertThat(orders.order("c-1").block(Duration.ofSeconds(5))).isEqualTo(FutureOrders.orderOf("c-1"));
            assertThat(orders.runs("orderSubscribed")).isEqualTo(1);
            assertThat(context.getBean(RecordingListener.class).outcomes())
                    .containsExactly(CONFLICT, EXECUTED, REPLAYED);
        });
    }

    @Test
    void racingSubscribersRunTheMethodExactlyOnceAndAllGetItsValue() {
        runner.run(context -> {
            MonoOrders orders = context.getBean(MonoOrders.class);
            int threads = 16;
            List<String> values = RacingCalls.race(
                    threads, Duration.ofSeconds(10), () -> orders.race("race-1").block(Duration.ofSeconds(10)));
            assertThat(orders.runs("race")).isEqualTo(1);
            assertThat(values).hasSize(threads).containsOnly(values.get(0));
            assertThat(context.getBean(RecordingListener.class).outcomes())
                    .containsOnlyOnce(EXECUTED)
                    .filteredOn(REPLAYED::equals)
                    .hasSize(threads - 1);
        });
    }

    @Test
    void fluxIsRefusedNamingTheMethod() {
        runner.run(context -> {
            MonoOrders orders = context.getBean(MonoOrders.class);
            assertThatIllegalStateException()
                    .isThrownBy(() -> orders.stream("x-1"))
                    .withMessageContaining("MonoOrders.stream(String)")
                    .withMessageContaining("Flux")
                    .withMessageContaining("no single result");
            assertThat(orders.runs("stream")).isZero();
        });
    }
}
