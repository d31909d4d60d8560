package io.github.idempotency.autoconfigure;

import io.github.idempotency.spring.metrics.MeteredIdempotencyStore;
import io.github.idempotency.spring.metrics.MeteredIdempotencyStorePostProcessor;
import io.github.idempotency.spring.metrics.MicrometerIdempotencyListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics for idempotency: the {@value MicrometerIdempotencyListener#METRIC_NAME}
 * counter and the {@value MeteredIdempotencyStore#METRIC_NAME} timer around the store bean.
 */
@AutoConfiguration(
        after = IdempotencyAutoConfiguration.class,
        afterName = {
            // Spring Boot 4
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            // Spring Boot 3.5
            "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "idempotency.enabled", matchIfMissing = true)
public final class IdempotencyMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MicrometerIdempotencyListener micrometerIdempotencyListener(MeterRegistry registry) {
        return new MicrometerIdempotencyListener(registry);
    }

    // Static, so that declaring a post-processor does not create this configuration early.
    @Bean
    @ConditionalOnMissingBean
    static MeteredIdempotencyStorePostProcessor meteredIdempotencyStorePostProcessor(
            ObjectProvider<MeterRegistry> registry) {
        return new MeteredIdempotencyStorePostProcessor(registry);
    }
}
