package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyConfigurationException;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.spring.IdempotencyHeartbeat;
import io.github.idempotency.spring.IdempotencyListener;
import io.github.idempotency.spring.TenantResolver;
import io.github.idempotency.spring.json.JsonCodec;
import io.github.idempotency.spring.webflux.ReactiveIdempotencyKeyFilter;
import io.github.idempotency.spring.webflux.ReactiveTenantResolver;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;
import reactor.core.scheduler.Schedulers;

/**
 * Auto-configuration of the {@code Idempotency-Key} filter in a reactive (WebFlux) web application,
 * ordered at {@code idempotency.web.filter-order} (by default after Spring Security's web filters).
 * A store with non-blocking calls (Redis) is called through them; any other store's calls run on
 * Reactor's bounded elastic scheduler.
 *
 * <p>A {@link TenantResolver} cannot see a reactive request: an application that declares one and no
 * {@link ReactiveTenantResolver} fails to start, rather than have every tenant share the default one.
 */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({WebFilter.class, Schedulers.class})
@ConditionalOnBooleanProperty(name = "idempotency.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "idempotency.web.enabled", matchIfMissing = true)
@ConditionalOnBean({IdempotencyStore.class, IdempotencyProperties.class})
public final class IdempotencyWebFluxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    IdempotencyHeartbeat idempotencyHeartbeat() {
        return new IdempotencyHeartbeat();
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveIdempotencyKeyFilter reactiveIdempotencyKeyFilter(
            IdempotencyStore store,
            IdempotencyProperties properties,
            ObjectProvider<ReactiveTenantResolver> reactiveTenantResolver,
            ObjectProvider<TenantResolver> tenantResolver,
            ObjectProvider<IdempotencyListener> listeners,
            ObjectProvider<JsonCodec> json,
            IdempotencyHeartbeat heartbeat) {
        ReactiveTenantResolver tenants = reactiveTenantResolver.getIfAvailable();
        if (tenants == null && tenantResolver.getIfAvailable() != null) {
            throw new IdempotencyConfigurationException(
                    "A TenantResolver bean is declared, but in a WebFlux application the Idempotency-Key filter"
                            + " cannot call it: a reactive request has no thread of its own to read the tenant from.",
                    "Declare a ReactiveTenantResolver bean that finds the tenant of a ServerWebExchange, or set"
                            + " idempotency.web.enabled=false.");
        }
        return new ReactiveIdempotencyKeyFilter(
                store,
                Schedulers.boundedElastic(),
                properties.keyFilterSettings(),
                tenants,
                listeners.orderedStream().toList(),
                json.getIfAvailable(JsonCodec::detect),
                heartbeat,
                Clock.systemUTC());
    }
}
