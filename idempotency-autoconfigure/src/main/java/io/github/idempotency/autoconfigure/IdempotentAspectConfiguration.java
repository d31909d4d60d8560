package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.spring.CompletionStageReturnTypeHandler;
import io.github.idempotency.spring.IdempotencyHeartbeat;
import io.github.idempotency.spring.IdempotencyListener;
import io.github.idempotency.spring.IdempotentAspect;
import io.github.idempotency.spring.IdempotentDefaults;
import io.github.idempotency.spring.IdempotentExceptionHandler;
import io.github.idempotency.spring.IdempotentInterfaceCheck;
import io.github.idempotency.spring.IdempotentReturnTypeHandler;
import io.github.idempotency.spring.IdempotentTransactionCheck;
import io.github.idempotency.spring.IdempotentTransactionPostProcessor;
import io.github.idempotency.spring.IdempotentTransactions;
import io.github.idempotency.spring.IdempotentWebFluxExceptionHandler;
import io.github.idempotency.spring.JdbcJoinedCompletion;
import io.github.idempotency.spring.MonoReturnTypeHandler;
import io.github.idempotency.spring.ReactiveCallerResolver;
import io.github.idempotency.spring.SpringTransactions;
import io.github.idempotency.spring.TenantResolver;
import io.github.idempotency.spring.json.JsonCodec;
import io.github.idempotency.spring.webflux.ReactiveTenantResolver;
import io.github.idempotency.spring.webflux.WebFluxCallerResolver;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code @Idempotent} aspect, its heartbeat, the handlers of asynchronous return types ({@code
 * CompletableFuture} always, {@code Mono} when Reactor is on the class path), the settling of calls
 * with their transaction (when spring-tx is on the class path), and the answers Spring MVC gives its
 * exceptions.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(
        name = {"org.aspectj.weaver.Advice", "org.springframework.aop.framework.autoproxy.AbstractAutoProxyCreator"})
class IdempotentAspectConfiguration {

    @Bean
    @ConditionalOnMissingBean
    IdempotencyHeartbeat idempotencyHeartbeat() {
        return new IdempotencyHeartbeat();
    }

    @Bean
    @ConditionalOnMissingBean
    static IdempotentInterfaceCheck idempotentInterfaceCheck() {
        return new IdempotentInterfaceCheck();
    }

    @Bean
    @ConditionalOnMissingBean
    CompletionStageReturnTypeHandler completionStageReturnTypeHandler() {
        return new CompletionStageReturnTypeHandler();
    }

    @Bean
    @ConditionalOnMissingBean
    IdempotentAspect idempotentAspect(
            IdempotencyStore store,
            IdempotencyProperties properties,
            ObjectProvider<JsonCodec> json,
            ObjectProvider<TenantResolver> tenantResolver,
            ObjectProvider<IdempotencyListener> listeners,
            IdempotencyHeartbeat heartbeat,
            ObjectProvider<Clock> clock,
            ObjectProvider<IdempotentReturnTypeHandler> returnTypeHandlers,
            ObjectProvider<IdempotentTransactions> transactions) {
        IdempotencyProperties.Aspect aspect = properties.getAspect();
        IdempotentDefaults defaults = new IdempotentDefaults(
                properties.getLease(),
                properties.getHeartbeat(),
                properties.getRetention(),
                properties.getFailureRetention(),
                aspect.getConflictWait(),
                aspect.getRecordedExceptions(),
                properties.isStrictTenant(),
                properties.getWeb().getStoredHeaders());
        IdempotentAspect idempotentAspect = new IdempotentAspect(
                store,
                defaults,
                json.getIfAvailable(JsonCodec::detect),
                tenantResolver.getIfAvailable(),
                listeners.orderedStream().toList(),
                heartbeat,
                clock.getIfUnique(Clock::systemUTC),
                returnTypeHandlers.orderedStream().toList(),
                transactions.getIfUnique(() -> IdempotentTransactions.NONE));
        idempotentAspect.setOrder(aspect.getOrder());
        return idempotentAspect;
    }

    @Bean
    @ConditionalOnMissingBean
    static IdempotentTransactionPostProcessor idempotentTransactionPostProcessor() {
        return new IdempotentTransactionPostProcessor();
    }

    /**
     * Settles calls made inside a Spring-managed transaction with it; with the JDBC store, writes
     * their results through the transaction when it runs on the store's own {@code DataSource}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.transaction.support.TransactionSynchronizationManager")
    static class TransactionConfiguration {

        @Bean
        @ConditionalOnMissingBean
        static IdempotentTransactionCheck idempotentTransactionCheck() {
            return new IdempotentTransactionCheck();
        }

        @Bean
        @ConditionalOnMissingBean
        SpringTransactions idempotentTransactions(ObjectProvider<IdempotentTransactions.JoinedCompletion> joined) {
            return new SpringTransactions(joined.getIfUnique());
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "io.github.idempotency.jdbc.JdbcIdempotencyStore")
        static class JdbcTransactionConfiguration {

            @Bean
            @ConditionalOnMissingBean
            JdbcJoinedCompletion idempotencyJdbcJoinedCompletion(ObjectProvider<IdempotencyStore> store) {
                return new JdbcJoinedCompletion(store);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "reactor.core.publisher.Mono")
    static class ReactorReturnTypeConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MonoReturnTypeHandler monoReturnTypeHandler(ObjectProvider<ReactiveCallerResolver> callers) {
            return new MonoReturnTypeHandler(
                    Schedulers.boundedElastic(), callers.getIfUnique(() -> ReactiveCallerResolver.NONE));
        }
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

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
    static class WebFluxExceptionHandlerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        IdempotentWebFluxExceptionHandler idempotentWebFluxExceptionHandler() {
            return new IdempotentWebFluxExceptionHandler();
        }
    }

    /**
     * Keys {@code Mono} calls in a reactive web application with the request's principal and tenant:
     * the exchange goes into the Reactor context in the last web filter, where it carries what the
     * filters before it (Spring Security's among them) added.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = {"org.springframework.web.reactive.DispatcherHandler", "reactor.core.publisher.Mono"})
    static class WebFluxCallerConfiguration {

        @Bean
        @ConditionalOnMissingBean(ReactiveCallerResolver.class)
        WebFluxCallerResolver idempotencyCallerResolver(ObjectProvider<ReactiveTenantResolver> tenantResolver) {
            return new WebFluxCallerResolver(tenantResolver.getIfAvailable());
        }

        @Bean
        @ConditionalOnMissingBean
        @Order(Ordered.LOWEST_PRECEDENCE)
        ServerWebExchangeContextFilter serverWebExchangeContextFilter() {
            return new ServerWebExchangeContextFilter();
        }
    }
}
