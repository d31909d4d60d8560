package io.github.idempotency.autoconfigure;

import io.github.idempotency.autoconfigure.actuate.IdempotencyStoreHealthIndicator;
import io.github.idempotency.core.IdempotencyStore;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * The {@code idempotency} health indicator for the store; turned off with {@code
 * management.health.idempotency.enabled=false}.
 */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnSingleCandidate(IdempotencyStore.class)
@ConditionalOnEnabledHealthIndicator("idempotency")
public final class IdempotencyHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "idempotencyHealthIndicator")
    IdempotencyStoreHealthIndicator idempotencyHealthIndicator(IdempotencyStore store) {
        return new IdempotencyStoreHealthIndicator(store);
    }
}
