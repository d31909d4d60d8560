package io.github.idempotency.spring;

import static io.github.idempotency.spring.IdempotencyOutcome.EXECUTED;
import static io.github.idempotency.spring.IdempotencyOutcome.LEASE_LOST;
import static io.github.idempotency.spring.IdempotencyOutcome.REJECTED;
import static io.github.idempotency.spring.IdempotencyOutcome.REPLAYED;
import static io.github.idempotency.spring.IdempotencyOutcome.STORE_ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyConfigurationException;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.test.MutableClock;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IdempotentAspectFailureTests {

    private final ApplicationContextRunner runner = AspectContexts.runner();

    @Test
    void exceptionFreesTheKeySoARetryRunsAgain() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            assertThatExceptionOfType(IllegalStateException.class)
                    .isThrownBy(() -> orders.flaky("f-1"))
                    .withMessage("downstream unavailable");
            assertThat(context.getBean(IdempotencyStore.class).get(AspectContexts.key("payments", "f-1")))
                    .isEmpty();
            String retried = orders.flaky("f-1");
            assertThat(orders.flaky("f-1")).isEqualTo(retried);
            assertThat(orders.runs("flaky")).isEqualTo(2);
            assertThat(context.getBean(RecordingListener.class).outcomes())
                    .containsExactly(EXECUTED, EXECUTED, REPLAYED);
        });
    }

    @Test
    void recordedExceptionIsReplayedWithCodeAndMessage() {
        runner.withPropertyValues("idempotency.failure-retention=10m").run(context -> {
            Orders orders = context.getBean(Orders.class);
            Orders.PaymentDeclined declined =
                    catchThrowableOfType(Orders.PaymentDeclined.class, () -> orders.pay("d-1"));
            assertThatExceptionOfType(ReplayedFailureException.class)
                    .isThrownBy(() -> orders.pay("d-1"))
                    .satisfies(replayed -> {
                        assertThat(replayed.code()).isEqualTo(Orders.PaymentDeclined.class.getName());
                        assertThat(replayed.failureMessage()).isEqualTo(declined.getMessage());
                        assertThat(replayed.failureType()).isEqualTo(Orders.PaymentDeclined.class);
                        assertThat(replayed.scope()).isEqualTo("payments");
                    });
            assertThat(orders.runs("pay")).isEqualTo(1);
            context.getBean(MutableClock.class).advance(Duration.ofMinutes(10));
            assertThatExceptionOfType(Orders.PaymentDeclined.class).isThrownBy(() -> orders.pay("d-1"));
            assertThat(orders.runs("pay")).isEqualTo(2);
        });
    }

    @Test
    void recordedExceptionWithALongClassNameIsReplayedAsItsOwnType() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            Class<Orders.CardDeclinedByTheIssuingBankBecauseOfInsufficientFunds> funds =
                    Orders.CardDeclinedByTheIssuingBankBecauseOfInsufficientFunds.class;
            Class<Orders.CardDeclinedByTheIssuingBankBecauseOfSuspectedFraud> fraud =
                    Orders.CardDeclinedByTheIssuingBankBecauseOfSuspectedFraud.class;
            assertThat(funds.getName().substring(0, 64))
                    .isEqualTo(fraud.getName().substring(0, 64));
            assertThatExceptionOfType(funds).isThrownBy(() -> orders.payByCard("long-1", false));
            assertThatExceptionOfType(fraud).isThrownBy(() -> orders.payByCard("long-2", true));

            assertThatExceptionOfType(ReplayedFailureException.class)
                    .isThrownBy(() -> orders.payByCard("long-1", true))
                    .satisfies(replayed -> {
                        assertThat(replayed.failureType()).isEqualTo(funds);
                        assertThat(replayed.code())
                                .hasSizeLessThanOrEqualTo(64)
                                .isEqualTo(ReplayedFailureException.codeOf(funds))
                                .startsWith("CardDeclinedByTheIssuingBankBecauseOfInsufficientFunds#");
                    });
            assertThatExceptionOfType(ReplayedFailureException.class)
                    .isThrownBy(() -> orders.payByCard("long-2", false))
                    .satisfies(replayed -> assertThat(replayed.failureType()).isEqualTo(fraud));
            assertThat(orders.runs("payByCard")).isEqualTo(2);
        });
    }

    @Test
    void recordsExceptionTypesListedInProperties() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            assertThatExceptionOfType(Orders.RefundRejected.class).isThrownBy(() -> orders.refund("x-1"));
            assertThatExceptionOfType(Orders.RefundRejected.class).isThrownBy(() -> orders.refund("x-1"));
            assertThat(orders.runs("refund")).isEqualTo(2);
        });
        runner.withPropertyValues("idempotency.aspect.recorded-exceptions=" + Orders.RefundRejected.class.getName())
                .run(context -> {
                    Orders orders = context.getBean(Orders.class);
                    assertThatExceptionOfType(Orders.RefundRejected.class).isThrownBy(() -> orders.refund("x-1"));
                    assertThatExceptionOfType(ReplayedFailureException.class)
                            .isThrownBy(() -> orders.refund("x-1"))
                            .satisfies(replayed ->
                                    assertThat(replayed.code()).isEqualTo(Orders.RefundRejected.class.getName()));
                    assertThat(orders.runs("refund")).isEqualTo(1);
                });
    }

    @Test
    void nullKeyIsRejectedAndTheMethodNeverRuns() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            assertThatExceptionOfType(IdempotencyKeyException.class)
                    .isThrownBy(() -> orders.text(null))
                    .withMessageContaining("Orders.text(String)")
                    .withMessageContaining("'#p0'")
                    .withMessageContaining("null");
            assertThat(orders.runs("text")).isZero();
            assertThat(context.getBean(RecordingListener.class).outcomes()).containsExactly(REJECTED);
        });
    }

    @Test
    void unresolvableArgumentNameIsRejectedNamingTheMethodAndExpression() {
        // this module is compiled without -parameters, as many applications are
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            assertThatExceptionOfType(IdempotencyKeyException.class)
                    .isThrownBy(() -> orders.unresolvable("u-1"))
                    .withMessageContaining("Orders.unresolvable(String)")
                    .withMessageContaining("'#request'")
                    .withMessageContaining("-parameters")
                    .withMessageContaining("#p0");
            assertThat(orders.runs("unresolvable")).isZero();
            assertThat(context.getBean(RecordingListener.class).outcomes()).containsExactly(REJECTED);
        });
    }

    @Test
    void invalidScopeIsRejected() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            assertThatExceptionOfType(IdempotencyKeyException.class)
                    .isThrownBy(() -> orders.badScope("s-1"))
                    .withMessageContaining("Orders.badScope(String)");
            assertThat(orders.runs("badScope")).isZero();
        });
    }

    @Test
    void strictTenantRejectsATenantThatNormalisationWouldChange() {
        runner.withPropertyValues("idempotency.strict-tenant=true").run(context -> {
            Orders orders = context.getBean(Orders.class);
            assertThatExceptionOfType(IdempotencyKeyException.class)
                    .isThrownBy(() -> orders.forTenant("acme.corp", "t-1"))
                    .withMessageContaining("Orders.forTenant(String, String)");
            assertThat(orders.forTenant("acme", "t-1")).startsWith("acme");
            assertThat(orders.runs("forTenant")).isEqualTo(1);
        });
    }

    @Test
    void heartbeatOverHalfTheLeaseFailsAtTheFirstCall() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            assertThatExceptionOfType(IdempotencyConfigurationException.class)
                    .isThrownBy(() -> orders.misconfigured("m-1"))
                    .withMessageContaining("Orders.misconfigured(String)")
                    .withMessageContaining("heartbeat");
            assertThat(orders.runs("misconfigured")).isZero();
        });
    }

    @Test
    void lostLeaseReturnsTheResultAndNeverOverwritesTheNewHolder() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            MutableClock clock = context.getBean(MutableClock.class);
            String key = AspectContexts.key("orders", "lost-1");
            AtomicReference<BeginResult> newHolder = new AtomicReference<>();
            orders.whileRunning(() -> {
                clock.advance(Duration.ofMinutes(1)); // the call outlives its 30 s lease unrenewed
                newHolder.set(store.tryBegin(key, Duration.ofSeconds(30)));
            });
            String result = orders.text("lost-1");
            assertThat(result).startsWith("order lost-1");
            assertThat(newHolder.get().outcome()).isEqualTo(BeginResult.Outcome.ACQUIRED);
            Optional<IdempotencyRecord> record = store.get(key);
            assertThat(record).get().satisfies(current -> {
                assertThat(current.state()).isEqualTo(RecordState.IN_PROGRESS);
                assertThat(current.ownerToken()).isEqualTo(newHolder.get().ownerToken());
            });
            assertThat(context.getBean(RecordingListener.class).outcomes()).containsExactly(LEASE_LOST);
        });
    }

    @Test
    void unreachableStorePropagatesAndTheMethodNeverRuns() {
        AspectContexts.withoutStore()
                .withBean(IdempotencyStore.class, UnreachableIdempotencyStore::new)
                .run(context -> {
                    Orders orders = context.getBean(Orders.class);
                    assertThatExceptionOfType(IdempotencyStoreException.class).isThrownBy(() -> orders.text("down-1"));
                    assertThat(orders.runs("text")).isZero();
                    assertThat(context.getBean(RecordingListener.class).outcomes())
                            .containsExactly(STORE_ERROR);
                });
    }

    @Test
    void resultReachesTheCallerWhenTheStoreFailsToStoreIt() {
        AspectContexts.withoutStore()
                .withBean(IdempotencyStore.class, StoreDownAtComplete::new)
                .withBean(FutureOrders.class)
                .withBean(MonoOrders.class)
                .run(context -> {
                    IdempotencyStore store = context.getBean(IdempotencyStore.class);
                    assertThat(context.getBean(Orders.class).text("sd-1")).startsWith("order sd-1");
                    assertThat(context.getBean(FutureOrders.class).orders("sd-2"))
                            .succeedsWithin(Duration.ofSeconds(5))
                            .asInstanceOf(InstanceOfAssertFactories.LIST)
                            .hasSize(2);
                    assertThat(context.getBean(MonoOrders.class).place("sd-3").block(Duration.ofSeconds(5)))
                            .isNotNull();
                    assertThat(context.getBean(RecordingListener.class).outcomes())
                            .containsExactly(STORE_ERROR, STORE_ERROR, STORE_ERROR);
                    assertThat(store.get(AspectContexts.key("orders", "sd-1")))
                            .as("the key stays taken until its lease ends")
                            .get()
                            .extracting(IdempotencyRecord::state)
                            .isEqualTo(RecordState.IN_PROGRESS);
                });
    }
}
