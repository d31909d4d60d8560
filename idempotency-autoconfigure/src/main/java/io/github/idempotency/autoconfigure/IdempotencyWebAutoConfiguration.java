package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.spring.IdempotencyHeartbeat;
import io.github.idempotency.spring.IdempotencyListener;
import io.github.idempotency.spring.TenantResolver;
import io.github.idempotency.spring.json.JsonCodec;
import io.github.idempotency.spring.web.HandlerNotInvokedResolver;
import io.github.idempotency.spring.web.IdempotencyKeyFilter;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Auto-configuration of the {@code Idempotency-Key} filter in a servlet web application, registered
 * at {@code idempotency.web.filter-order} (by default after Spring Security's filter chain).
 */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({OncePerRequestFilter.class, FilterRegistrationBean.class})
@ConditionalOnBooleanProperty(name = "idempotency.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "idempotency.web.enabled", matchIfMissing = true)
@ConditionalOnBean({IdempotencyStore.class, IdempotencyProperties.class})
public final class IdempotencyWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    IdempotencyHeartbeat idempotencyHeartbeat() {
        return new IdempotencyHeartbeat();
    }

    @Bean
    @ConditionalOnMissingBean
    IdempotencyKeyFilter idempotencyKeyFilter(
            IdempotencyStore store,
            IdempotencyProperties properties,
            ObjectProvider<TenantResolver> tenantResolver,
            ObjectProvider<IdempotencyListener> listeners,
            ObjectProvider<JsonCodec> json,
            IdempotencyHeartbeat heartbeat) {
        return new IdempotencyKeyFilter(
                store,
                properties.keyFilterSettings(),
                tenantResolver.getIfAvailable(),
                listeners.orderedStream().toList(),
                json.getIfAvailable(JsonCodec::detect),
                heartbeat,
                Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean(name = "idempotencyKeyFilterRegistration")
    FilterRegistrationBean<IdempotencyKeyFilter> idempotencyKeyFilterRegistration(
            IdempotencyKeyFilter filter, IdempotencyProperties properties) {
        FilterRegistrationBean<IdempotencyKeyFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(properties.getWeb().getFilterOrder());
        return registration;
    }

    /** Lets the filter tell a request whose handler never ran (404, 405, 415, a failed binding). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static final class HandlerNotInvokedConfiguration {

        @Bean
        @ConditionalOnMissingBean
        HandlerNotInvokedResolver idempotencyHandlerNotInvokedResolver() {
            return new HandlerNotInvokedResolver();
        }
    }
}
