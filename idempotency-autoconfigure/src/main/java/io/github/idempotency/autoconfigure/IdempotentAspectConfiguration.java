package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.spring.IdempotencyHeartbeat;
import io.github.idempotency.spring.IdempotencyListener;
import io.github.idempotency.spring.IdempotentAspect;
import io.github.idempotency.spring.IdempotentDefaults;
import io.github.idempotency.spring.IdempotentExceptionHandler;
import io.github.idempotency.spring.TenantResolver;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The {@code @Idempotent} aspect, its heartbeat, and the answers Spring MVC gives its exceptions. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(
        value = JsonMapper.class,
        name = {"org.aspectj.weaver.Advice", "org.springframework.aop.framework.autoproxy.AbstractAutoProxyCreator"})
class IdempotentAspectConfiguration {

    @Bean
    @ConditionalOnMissingBean
    IdempotencyHeartbeat idempotencyHeartbeat() {
        return new IdempotencyHeartbeat();
    }

    @Bean
    @ConditionalOnMissingBean
    IdempotentAspect idempotentAspect(
            IdempotencyStore store,
            IdempotencyProperties properties,
            ObjectProvider<JsonMapper> jsonMapper,
            ObjectProvider<TenantResolver> tenantResolver,
            ObjectProvider<IdempotencyListener> listeners,
            IdempotencyHeartbeat heartbeat,
            ObjectProvider<Clock> clock) {
        IdempotencyProperties.Aspect aspect = properties.getAspect();
        IdempotentDefaults defaults = new IdempotentDefaults(
                properties.getLease(),
                properties.getHeartbeat(),
                properties.getRetention(),
                properties.getFailureRetention(),
                aspect.getConflictWait(),
                aspect.getRecordedExceptions(),
                properties.isStrictTenant());
        IdempotentAspect idempotentAspect = new IdempotentAspect(
                store,
                defaults,
                jsonMapper.getIfAvailable(JsonMapper::new),
                tenantResolver.getIfUnique(),
                listeners.orderedStream().toList(),
                heartbeat,
                clock.getIfUnique(Clock::systemUTC));
        idempotentAspect.setOrder(aspect.getOrder());
        return idempotentAspect;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class MvcExceptionHandlerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        IdempotentExceptionHandler idempotentExceptionHandler() {
            return new IdempotentExceptionHandler();
        }
    }
}
