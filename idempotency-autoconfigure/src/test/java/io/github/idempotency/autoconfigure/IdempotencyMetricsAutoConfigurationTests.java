package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.IdempotencyListener;
import io.github.idempotency.spring.IdempotencyOutcome;
import io.github.idempotency.spring.metrics.IdempotencyStoreNames;
import io.github.idempotency.spring.metrics.MeteredIdempotencyStore;
import io.github.idempotency.spring.metrics.MeteredIdempotencyStorePostProcessor;
import io.github.idempotency.spring.metrics.MicrometerIdempotencyListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IdempotencyMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    IdempotencyAutoConfiguration.class, IdempotencyMetricsAutoConfiguration.class));

    private final ApplicationContextRunner withRegistry = runner.withBean(SimpleMeterRegistry.class);

    @Test
    void timesTheStoreBeanAndCountsOutcomes() {
        withRegistry.run(context -> {
            assertThat(context).hasSingleBean(MicrometerIdempotencyListener.class);
            assertThat(context).hasSingleBean(MeteredIdempotencyStorePostProcessor.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            assertThat(store).isInstanceOf(MeteredIdempotencyStore.class);
            assertThat(((MeteredIdempotencyStore) store).unwrap()).isInstanceOf(MemoryIdempotencyStore.class);

            store.get(IdempotencyKeys.buildKey(null, "orders", "order-1"));
            context.getBean(IdempotencyListener.class).onOutcome("payments", IdempotencyOutcome.EXECUTED);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(MeteredIdempotencyStore.METRIC_NAME)
                            .tags("operation", "get", "outcome", "success", "store", "memory")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get(MicrometerIdempotencyListener.METRIC_NAME)
                            .tags("scope", "payments", "outcome", "executed")
                            .counter()
                            .count())
                    .isEqualTo(1);
        });
    }

    @Test
    void worksWithTheRegistryOfSpringBootsMetricsAutoConfiguration() {
        runner.withConfiguration(AutoConfigurations.of(BootLine.METRICS)).run(context -> {
            assertThat(context).hasSingleBean(MicrometerIdempotencyListener.class);
            assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(MeteredIdempotencyStore.class);
        });
    }

    @Test
    void recordsNothingWhenDisabledByMetricsProperty() {
        runner.withConfiguration(AutoConfigurations.of(BootLine.METRICS))
                .withPropertyValues("management.metrics.enable.idempotency=false")
                .run(context -> {
                    context.getBean(IdempotencyStore.class).get(IdempotencyKeys.buildKey(null, "orders", "order-1"));
                    context.getBean(IdempotencyListener.class).onOutcome("payments", IdempotencyOutcome.EXECUTED);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.find(MeteredIdempotencyStore.METRIC_NAME)
                                    .meters())
                            .isEmpty();
                    assertThat(registry.find(MicrometerIdempotencyListener.METRIC_NAME)
                                    .meters())
                            .isEmpty();
                });
    }

    @Test
    void timesAStoreTheApplicationDeclares() {
        withRegistry
                .withBean("myStore", IdempotencyStore.class, MemoryIdempotencyStore::new)
                .run(context -> {
                    assertThat(context.getBean("myStore")).isInstanceOf(MeteredIdempotencyStore.class);
                    assertThat(IdempotencyStoreNames.of(context.getBean(IdempotencyStore.class)))
                            .isEqualTo("memory");
                });
    }

    @Test
    void backsOffWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
            assertThat(context).doesNotHaveBean(MicrometerIdempotencyListener.class);
            assertThat(context).doesNotHaveBean(MeteredIdempotencyStorePostProcessor.class);
            assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(MemoryIdempotencyStore.class);
        });
    }

    @Test
    void backsOffWithoutARegistryBean() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(MicrometerIdempotencyListener.class);
            assertThat(context).doesNotHaveBean(MeteredIdempotencyStorePostProcessor.class);
            assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(MemoryIdempotencyStore.class);
        });
    }

    @Test
    void backsOffWhenIdempotencyIsDisabled() {
        withRegistry.withPropertyValues("idempotency.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(MicrometerIdempotencyListener.class);
            assertThat(context).doesNotHaveBean(IdempotencyStore.class);
        });
    }

    @Test
    void keepsAListenerTheApplicationDeclares() {
        MicrometerIdempotencyListener own = new MicrometerIdempotencyListener(new SimpleMeterRegistry());
        withRegistry
                .withBean(MicrometerIdempotencyListener.class, () -> own)
                .run(context -> assertThat(context.getBean(MicrometerIdempotencyListener.class))
                        .isSameAs(own));
    }
}
