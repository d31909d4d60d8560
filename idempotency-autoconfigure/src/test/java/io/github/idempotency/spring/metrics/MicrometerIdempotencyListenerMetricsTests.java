package io.github.idempotency.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.spring.IdempotencyOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MicrometerIdempotencyListenerMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final MicrometerIdempotencyListener listener = new MicrometerIdempotencyListener(registry);

    @Test
    void countsEachOutcomePerScope() {
        listener.onOutcome("payments", IdempotencyOutcome.EXECUTED);
        listener.onOutcome("payments", IdempotencyOutcome.REPLAYED);
        listener.onOutcome("payments", IdempotencyOutcome.REPLAYED);
        listener.onOutcome("http", IdempotencyOutcome.STORE_ERROR);

        assertThat(count("payments", "executed")).isEqualTo(1);
        assertThat(count("payments", "replayed")).isEqualTo(2);
        assertThat(count("payments", "store_error")).isZero();
        assertThat(count("http", "store_error")).isEqualTo(1);
        assertThat(count("http", "executed")).isZero();
    }

    @Test
    void tagsOutcomesWithTheirLowerCaseNames() {
        listener.onOutcome("orders", IdempotencyOutcome.LEASE_LOST);

        assertThat(registry.find(MicrometerIdempotencyListener.METRIC_NAME)
                        .tag("scope", "orders")
                        .counters())
                .extracting(counter -> counter.getId().getTag("outcome"))
                .containsExactlyInAnyOrder(
                        "executed", "replayed", "conflict", "mismatch", "rejected", "store_error", "lease_lost");
        assertThat(count("orders", "lease_lost")).isEqualTo(1);
    }

    @Test
    void buildsTheCountersOfAScopeOnce() {
        for (int i = 0; i < 1000; i++) {
            listener.onOutcome("payments", IdempotencyOutcome.values()[i % IdempotencyOutcome.values().length]);
        }

        assertThat(registry.getMeters()).hasSize(IdempotencyOutcome.values().length);
        assertThat(registry.find(MicrometerIdempotencyListener.METRIC_NAME).counters())
                .allSatisfy(counter -> assertThat(counter.count()).isBetween(142.0, 143.0));
    }

    private double count(String scope, String outcome) {
        return registry.get(MicrometerIdempotencyListener.METRIC_NAME)
                .tags("scope", scope, "outcome", outcome)
                .counter()
                .count();
    }
}
