package io.github.idempotency.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.metrics.MeteredIdempotencyStore;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class IdempotencyStoreHealthIndicatorTests {

    @Test
    void isUpWhenTheStoreAnswers() {
        MemoryIdempotencyStore store = new MemoryIdempotencyStore();

        Health health = new IdempotencyStoreHealthIndicator(store).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("store", "memory");
        assertThat(store.get(IdempotencyStoreHealthIndicator.PROBE_KEY)).isEmpty();
    }

    @Test
    void isDownWithTheExceptionWhenTheStoreCannotBeReached() {
        Health health = new IdempotencyStoreHealthIndicator(new UnreachableIdempotencyStore()).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails())
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

        assertThat(new IdempotencyStoreHealthIndicator(store).health().getDetails())
                .containsEntry("store", "memory");
    }

    @Test
    void probesWithAValidKey() {
        IdempotencyKeys.validateKey(IdempotencyStoreHealthIndicator.PROBE_KEY);
    }
}
