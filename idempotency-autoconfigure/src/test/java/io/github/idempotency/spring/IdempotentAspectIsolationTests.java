package io.github.idempotency.spring;

import static io.github.idempotency.spring.IdempotencyOutcome.EXECUTED;
import static io.github.idempotency.spring.IdempotencyOutcome.MISMATCH;
import static io.github.idempotency.spring.IdempotencyOutcome.REPLAYED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.InvalidTenantException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IdempotentAspectIsolationTests {

    /** 64 bytes: the two tenants built from it are 65 bytes long and differ in the last one. */
    private static final String LONG_TENANT = "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt";

    private final ApplicationContextRunner runner = AspectContexts.runner();

    @ParameterizedTest
    @CsvSource({"acme, ACME", "acmecorp, acme.corp", "t, té", "local, ÄÖÜ", LONG_TENANT + "a, " + LONG_TENANT + "b"})
    void tenantsThatNormaliseAlikeNeverShareARecord(String first, String second) {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            String firstResult = orders.forTenant(first, "t-1");
            String secondResult = orders.forTenant(second, "t-1");
            assertThat(secondResult).isNotEqualTo(firstResult).startsWith(second);
            assertThat(orders.runs("forTenant")).isEqualTo(2);
            assertThat(orders.forTenant(first, "t-1")).isEqualTo(firstResult);
        });
    }

    @Test
    void strictTenantModeRefusesATenantNormalisationWouldChange() {
        runner.withPropertyValues("idempotency.strict-tenant=true").run(context -> {
            Orders orders = context.getBean(Orders.class);
            assertThatExceptionOfType(IdempotencyTenantException.class)
                    .isThrownBy(() -> orders.forTenant("acme.corp", "t-1"))
                    .withCauseInstanceOf(InvalidTenantException.class)
                    .withMessageContaining("Orders.forTenant(String, String)");
            assertThat(orders.runs("forTenant")).isZero();
            assertThat(orders.forTenant("acme", "t-1")).startsWith("acme");
        });
    }

    @Test
    void aKeyReusedWithAnotherPayloadIsAMismatchNotTheOldResult() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            String first = orders.charge("c-1", new BigDecimal("5.00"), false);
            assertThatExceptionOfType(IdempotencyMismatchException.class)
                    .isThrownBy(() -> orders.charge("c-1", new BigDecimal("6.00"), false))
                    .withMessageContaining("Orders.charge(String, BigDecimal, boolean)");
            assertThat(orders.charge("c-1", new BigDecimal("5.00"), false)).isEqualTo(first);
            assertThat(orders.runs("charge")).isEqualTo(1);
            assertThat(context.getBean(RecordingListener.class).outcomes())
                    .containsExactly(EXECUTED, MISMATCH, REPLAYED);
        });
    }

    @Test
    void aRecordedFailureKeepsItsFingerprintToo() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            assertThatExceptionOfType(Orders.PaymentDeclined.class)
                    .isThrownBy(() -> orders.charge("c-2", BigDecimal.TEN, true));
            assertThatExceptionOfType(IdempotencyMismatchException.class)
                    .isThrownBy(() -> orders.charge("c-2", BigDecimal.ONE, true));
            assertThatExceptionOfType(ReplayedFailureException.class)
                    .isThrownBy(() -> orders.charge("c-2", BigDecimal.TEN, true))
                    .satisfies(ex -> assertThat(ex.failureMessage()).isEqualTo("declined c-2"));
            assertThat(orders.runs("charge")).isEqualTo(1);
        });
    }

    @Test
    void aCallThatFindsTheHeartbeatClosedReleasesTheKeyItTook() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            context.getBean(IdempotencyHeartbeat.class).close();
            assertThatExceptionOfType(IdempotencyStoreException.class)
                    .isThrownBy(() -> orders.text("s-1"))
                    .withMessageContaining("shutting down");
            assertThat(orders.runs("text")).isZero();
            assertThat(store.get(IdempotencyKeys.buildKey(null, "orders", "s-1")))
                    .isEmpty();
        });
    }
}
