package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.actuate.IdempotencyStoreHealthIndicator;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IdempotencyHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    IdempotencyAutoConfiguration.class, IdempotencyHealthContributorAutoConfiguration.class));

    @Test
    void registersTheIndicatorUnderTheNameIdempotency() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(IdempotencyStoreHealthIndicator.class);
            assertThat(context).hasBean("idempotencyHealthIndicator");
            assertThat(BootLine.health(context.getBean(IdempotencyStoreHealthIndicator.class))
                            .status())
                    .isEqualTo("UP");
        });
    }

    @Test
    void backsOffWhenDisabledByProperty() {
        runner.withPropertyValues("management.health.idempotency.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(IdempotencyStoreHealthIndicator.class));
    }

    @Test
    void backsOffWhenAllDefaultIndicatorsAreDisabled() {
        runner.withPropertyValues("management.health.defaults.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(IdempotencyStoreHealthIndicator.class));
    }

    @Test
    void backsOffWithoutSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader(BootLine.HEALTH_INDICATOR))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("idempotencyHealthIndicator");
                });
    }

    @Test
    void worksWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> assertThat(BootLine.health(context.getBean(IdempotencyStoreHealthIndicator.class))
                                .details())
                        .containsEntry("store", "memory"));
    }

    @Test
    void backsOffWithoutAStore() {
        runner.withPropertyValues("idempotency.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(IdempotencyStoreHealthIndicator.class));
    }

    @Test
    void keepsAnIndicatorTheApplicationDeclares() {
        IdempotencyStoreHealthIndicator own = new IdempotencyStoreHealthIndicator(new MemoryIdempotencyStore());
        runner.withBean("idempotencyHealthIndicator", IdempotencyStoreHealthIndicator.class, () -> own)
                .run(context -> assertThat(context.getBean(IdempotencyStoreHealthIndicator.class))
                        .isSameAs(own));
    }

    @Test
    void checksTheStoreBeanTheApplicationDeclares() {
        runner.withBean(IdempotencyStore.class, UnreachableIdempotencyStore::new)
                .run(context -> assertThat(BootLine.health(context.getBean(IdempotencyStoreHealthIndicator.class))
                                .status())
                        .isEqualTo("DOWN"));
    }
}
