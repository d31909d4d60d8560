package io.github.idempotency.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.StoreFullException;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.metrics.MeteredIdempotencyStore;
import io.github.idempotency.test.MutableClock;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdempotencyStoreHealthIndicatorTests {

    @Test
    void isUpWhenTheStoreAnswers() {
        MemoryIdempotencyStore store = new MemoryIdempotencyStore();

        HealthReading health = BootLine.health(new IdempotencyStoreHealthIndicator(store));

        assertThat(health.status()).isEqualTo("UP");
        assertThat(health.details()).containsEntry("store", "memory");
        assertThat(store.get(IdempotencyStoreProbe.PROBE_KEY)).isEmpty();
    }

    @Test
    void isDownWithTheExceptionWhenTheStoreCannotBeReached() {
        HealthReading health = BootLine.health(new IdempotencyStoreHealthIndicator(new UnreachableIdempotencyStore()));

        assertThat(health.status()).isEqualTo("DOWN");
        assertThat(health.details())
                .containsEntry("store", "UnreachableIdempotencyStore")
                .hasEntrySatisfying(
                        "error",
                        error -> assertThat(error.toString())
                                .contains("IdempotencyStoreException")
                                .contains("store unreachable"));
    }

    @Test
    void namesTheStoreBehindTheMetricsWrapper() {
        MeteredIdempotencyStore store =
                new MeteredIdempotencyStore(new MemoryIdempotencyStore(), new SimpleMeterRegistry());

        assertThat(BootLine.health(new IdempotencyStoreHealthIndicator(store)).details())
                .containsEntry("store", "memory");
    }

    @Test
    void showsHowFullTheMemoryStoreIsAndIsDownWhileRequestsInProgressFillIt() {
        MutableClock clock = MutableClock.startingAtFixedInstant();
        MemoryIdempotencyStore memory =
                new MemoryIdempotencyStore(new MemoryIdempotencyStore.Options(Duration.ofMinutes(1), 2, 16, 64), clock);
        IdempotencyStoreHealthIndicator indicator =
                new IdempotencyStoreHealthIndicator(new MeteredIdempotencyStore(memory, new SimpleMeterRegistry()));
        String finished = IdempotencyKeys.buildKey("t", "health", 1);
        memory.complete(
                finished, memory.tryBegin(finished, Duration.ZERO).ownerToken(), new byte[10], Duration.ofHours(1));
        clock.advance(Duration.ofMillis(1));
        memory.tryBegin(IdempotencyKeys.buildKey("t", "health", 2), Duration.ZERO);
        memory.tryBegin(IdempotencyKeys.buildKey("t", "health", 3), Duration.ZERO);

        HealthReading evicted = BootLine.health(indicator);
        assertThat(evicted.status()).isEqualTo("UP");
        assertThat(evicted.details())
                .containsEntry("entries", 2)
                .containsEntry("maxEntries", 2)
                .containsEntry("resultBytes", 0L)
                .containsEntry("maxBytes", 64L)
                .containsEntry("evictions", 1L);

        assertThatExceptionOfType(StoreFullException.class)
                .isThrownBy(() -> memory.tryBegin(IdempotencyKeys.buildKey("t", "health", 4), Duration.ZERO));
        HealthReading full = BootLine.health(indicator);
        assertThat(full.status()).isEqualTo("DOWN");
        assertThat(full.details())
                .hasEntrySatisfying(
                        "reason", reason -> assertThat(reason.toString()).contains("full of requests in progress"));
    }

    @Test
    void probesWithAValidKey() {
        IdempotencyKeys.validateKey(IdempotencyStoreProbe.PROBE_KEY);
    }
}
