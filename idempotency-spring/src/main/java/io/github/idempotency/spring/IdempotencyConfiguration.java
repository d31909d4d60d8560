package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.spring.json.JsonCodec;
import io.github.idempotency.spring.webflux.ReactiveTenantResolver;
import io.github.idempotency.spring.webflux.WebFluxCallerResolver;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code @Idempotent} runtime for a Spring application without Spring Boot, imported by {@link
 * EnableIdempotency}. It needs an {@link IdempotencyStore} bean and takes, when declared, an {@link
 * IdempotentDefaults} bean ({@link IdempotentDefaults#standard()} otherwise), a {@link JsonCodec}
 * ({@link JsonCodec#detect()} otherwise), a {@link TenantResolver}, {@link IdempotencyListener}s and
 * a {@link Clock}. It declares:
 *
 * <ul>
 *   <li>the {@link IdempotentAspect}, with the handlers of {@code CompletableFuture} and, when Reactor
 *       is on the class path, {@code Mono}; with Spring WebFlux, a {@code Mono} call is keyed by the
 *       principal and tenant of its request ({@link WebFluxCallerResolver}, with a {@link
 *       ReactiveTenantResolver} bean when declared);
 *   <li>the {@link IdempotencyHeartbeat} that renews leases of running calls;
 *   <li>the startup checks: {@link IdempotentInterfaceCheck} (methods the proxy cannot reach) and,
 *       with spring-tx, {@link IdempotentTransactionCheck};
 *   <li>with spring-tx, {@link SpringTransactions} and {@link IdempotentTransactionPostProcessor}, so
 *       calls inside a transaction are settled when it ends, or, with the JDBC store on the
 *       transaction's {@code DataSource}, written through the transaction ({@link
 *       JdbcJoinedCompletion}).
 * </ul>
 *
 * <p>Web applications add the filters and exception handlers they use as beans of their own: {@code
 * IdempotencyKeyFilter} or {@code ReactiveIdempotencyKeyFilter}, and {@link
 * IdempotentExceptionHandler} (Spring MVC) or {@link IdempotentWebFluxExceptionHandler}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAspectJAutoProxy
public class IdempotencyConfiguration {

    private static final boolean JDBC_STORE_PRESENT = ClassUtils.isPresent(
            "io.github.idempotency.jdbc.JdbcIdempotencyStore", IdempotencyConfiguration.class.getClassLoader());

    /**
     * Renews the leases of running calls.
     *
     * @return the heartbeat
     */
    @Bean
    public IdempotencyHeartbeat idempotencyHeartbeat() {
        return new IdempotencyHeartbeat();
    }

    /**
     * Refuses at startup {@code @Idempotent} methods a proxy cannot reach.
     *
     * @return the check
     */
    @Bean
    public static IdempotentInterfaceCheck idempotentInterfaceCheck() {
        return new IdempotentInterfaceCheck();
    }

    /**
     * Settles methods that return a {@code CompletableFuture} or another {@code CompletionStage} when
     * it completes.
     *
     * @return the handler
     */
    @Bean
    public CompletionStageReturnTypeHandler completionStageReturnTypeHandler() {
        return new CompletionStageReturnTypeHandler();
    }

    /**
     * Applies {@code @Idempotent}.
     *
     * @param store the store holding the records
     * @param defaults what methods use where their annotation says nothing
     * @param json writes and reads stored results
     * @param tenantResolver the caller's tenant
     * @param listeners told of every outcome
     * @param heartbeat renews leases
     * @param clock tells conflicting callers how long to wait
     * @param returnTypeHandlers the handlers of asynchronous return types
     * @param transactions the transactions calls may run in
     * @return the aspect
     */
    @Bean
    public IdempotentAspect idempotentAspect(
            IdempotencyStore store,
            ObjectProvider<IdempotentDefaults> defaults,
            ObjectProvider<JsonCodec> json,
            ObjectProvider<TenantResolver> tenantResolver,
            ObjectProvider<IdempotencyListener> listeners,
            IdempotencyHeartbeat heartbeat,
            ObjectProvider<Clock> clock,
            ObjectProvider<IdempotentReturnTypeHandler> returnTypeHandlers,
            ObjectProvider<IdempotentTransactions> transactions) {
        return new IdempotentAspect(
                store,
                defaults.getIfAvailable(IdempotentDefaults::standard),
                json.getIfAvailable(JsonCodec::detect),
                tenantResolver.getIfAvailable(),
                listeners.orderedStream().toList(),
                heartbeat,
                clock.getIfUnique(Clock::systemUTC),
                returnTypeHandlers.orderedStream().toList(),
                transactions.getIfUnique(() -> IdempotentTransactions.NONE));
    }

    /**
     * Makes the transaction advice of {@code @Idempotent} beans run inside the aspect.
     *
     * @return the post-processor
     */
    @Bean
    public static IdempotentTransactionPostProcessor idempotentTransactionPostProcessor() {
        return new IdempotentTransactionPostProcessor();
    }

    /** What spring-tx adds: calls settled with their transaction, and its startup check. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(SpringTxPresent.class)
    static class TransactionConfiguration {

        @Bean
        static IdempotentTransactionCheck idempotentTransactionCheck() {
            return new IdempotentTransactionCheck();
        }

        @Bean
        SpringTransactions idempotentTransactions(ObjectProvider<IdempotencyStore> store) {
            return new SpringTransactions(JDBC_STORE_PRESENT ? new JdbcJoinedCompletion(store) : null);
        }
    }

    /** What Reactor adds: {@code Mono} methods, keyed by the caller found in the Reactor context. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(ReactorPresent.class)
    static class ReactorConfiguration {

        @Bean
        MonoReturnTypeHandler monoReturnTypeHandler(ObjectProvider<ReactiveCallerResolver> callers) {
            return new MonoReturnTypeHandler(
                    Schedulers.boundedElastic(), callers.getIfUnique(() -> ReactiveCallerResolver.NONE));
        }
    }

    /**
     * What Spring WebFlux adds: the request's exchange in the Reactor context, where the principal and
     * tenant of a {@code Mono} call are found.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(WebFluxPresent.class)
    static class WebFluxConfiguration {

        @Bean
        WebFluxCallerResolver idempotencyCallerResolver(ObjectProvider<ReactiveTenantResolver> tenantResolver) {
            return new WebFluxCallerResolver(tenantResolver.getIfAvailable());
        }

        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE)
        ServerWebExchangeContextFilter serverWebExchangeContextFilter() {
            return new ServerWebExchangeContextFilter();
        }
    }

    /** Matches when spring-tx is on the class path. */
    static final class SpringTxPresent implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return ClassUtils.isPresent(
                    "org.springframework.transaction.support.TransactionSynchronizationManager",
                    context.getClassLoader());
        }
    }

    /** Matches when Reactor is on the class path. */
    static final class ReactorPresent implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return ClassUtils.isPresent("reactor.core.publisher.Mono", context.getClassLoader());
        }
    }

    /** Matches when Spring WebFlux and Reactor are on the class path. */
    static final class WebFluxPresent implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return ClassUtils.isPresent("org.springframework.web.reactive.DispatcherHandler", context.getClassLoader())
                    && ClassUtils.isPresent("reactor.core.publisher.Mono", context.getClassLoader());
        }
    }
}
