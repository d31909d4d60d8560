package io.github.idempotency.autoconfigure;

import io.github.idempotency.autoconfigure.actuate.IdempotencyEndpoint;
import io.github.idempotency.autoconfigure.actuate.IdempotencyEndpointWebExtension;
import io.github.idempotency.core.IdempotencyStore;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/** The {@code idempotency} Actuator endpoint, when it is enabled and exposed. */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(IdempotencyEndpoint.class)
@ConditionalOnSingleCandidate(IdempotencyStore.class)
public final class IdempotencyEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    IdempotencyEndpoint idempotencyEndpoint(IdempotencyStore store) {
        return new IdempotencyEndpoint(store);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(IdempotencyEndpoint.class)
    @ConditionalOnAvailableEndpoint(endpoint = IdempotencyEndpoint.class, exposure = EndpointExposure.WEB)
    IdempotencyEndpointWebExtension idempotencyEndpointWebExtension(IdempotencyEndpoint endpoint) {
        return new IdempotencyEndpointWebExtension(endpoint);
    }
}
