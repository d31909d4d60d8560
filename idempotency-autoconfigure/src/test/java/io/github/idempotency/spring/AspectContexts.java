package io.github.idempotency.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.test.MutableClock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A real application context: the auto-configured aspect over a memory store on a movable clock. */
final class AspectContexts {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private AspectContexts() {}

    /** The aspect over a memory store on a {@link MutableClock} that starts at {@link #START}. */
    static ApplicationContextRunner runner() {
        return withoutStore().withUserConfiguration(StoreOnMovableClock.class);
    }

    /** The aspect, the {@link Orders} service and a {@link RecordingListener}, with no store bean. */
    static ApplicationContextRunner withoutStore() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AopAutoConfiguration.class, BootLine.JACKSON, IdempotencyAutoConfiguration.class))
                .withBean(Orders.class)
                .withBean(RecordingListener.class);
    }

    static String key(String scope, Object input) {
        return IdempotencyKeys.buildKey(null, scope, input);
    }

    /** Waits (real time, bounded) until a heartbeat has renewed the lease past {@code before}. */
    static void awaitRenewalAfter(IdempotencyStore store, String key, Instant before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!store.get(key).orElseThrow().expiresAt().isAfter(before)) {
            assertThat(System.nanoTime()).as("lease renewed within 5 s").isLessThan(deadline);
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StoreOnMovableClock {

        @Bean
        MutableClock clock() {
            return new MutableClock(START);
        }

        @Bean
        MemoryIdempotencyStore idempotencyStore(MutableClock clock) {
            return new MemoryIdempotencyStore(MemoryIdempotencyStore.Options.defaults(), clock);
        }
    }
}
