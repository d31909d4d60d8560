package io.github.idempotency.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.idempotency.autoconfigure.IdempotencyWebAutoConfiguration;
import io.github.idempotency.autoconfigure.IdempotencyWebFluxAutoConfiguration;
import io.github.idempotency.core.IdempotencyConfigurationException;
import io.github.idempotency.spring.TenantResolver;
import io.github.idempotency.spring.web.IdempotencyKeyFilter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import reactor.core.publisher.Mono;

/** Which filter each kind of web application gets, and the tenant resolver a reactive one needs. */
class IdempotencyWebFluxAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    IdempotencyAutoConfiguration.class,
                    IdempotencyWebAutoConfiguration.class,
                    IdempotencyWebFluxAutoConfiguration.class));

    @Test
    void aReactiveApplicationGetsTheReactiveFilterOnly() {
        reactive.run(context -> {
            assertThat(context).hasSingleBean(ReactiveIdempotencyKeyFilter.class);
            assertThat(context).doesNotHaveBean(IdempotencyKeyFilter.class);
        });
    }

    @Test
    void aServletApplicationGetsTheServletFilterOnly() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        IdempotencyAutoConfiguration.class,
                        IdempotencyWebAutoConfiguration.class,
                        IdempotencyWebFluxAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(IdempotencyKeyFilter.class);
                    assertThat(context).doesNotHaveBean(ReactiveIdempotencyKeyFilter.class);
                });
    }

    @Test
    void aTenantResolverWithoutAReactiveOneStopsStartupInsteadOfSharingOneTenant() {
        reactive.withBean(TenantResolver.class, () -> () -> "acme").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(IdempotencyConfigurationException.class)
                    .hasMessageContaining("TenantResolver bean is declared");
        });
    }

    @Test
    void aReactiveTenantResolverIsUsedWhenBothAreDeclared() {
        reactive.withBean(TenantResolver.class, () -> () -> "acme")
                .withBean(ReactiveTenantResolver.class, () -> exchange -> Mono.just("acme"))
                .run(context -> assertThat(context).hasSingleBean(ReactiveIdempotencyKeyFilter.class));
    }

    @Test
    void aBodyTimeoutThatIsNotPositiveStopsStartup() {
        reactive.withPropertyValues("idempotency.web.body-timeout=0s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(IdempotencyConfigurationException.class)
                    .hasMessageContaining("idempotency.web.body-timeout");
        });
    }

    @Test
    void theAspectFindsTheCallerInTheReactorContextWithOrWithoutTheFilter() {
        reactive.withPropertyValues("idempotency.web.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(WebFluxCallerResolver.class);
            assertThat(context).hasSingleBean(ServerWebExchangeContextFilter.class);
        });
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(WebFluxCallerResolver.class);
                    assertThat(context).doesNotHaveBean(ServerWebExchangeContextFilter.class);
                });
    }

    @Test
    void theFilterCanBeTurnedOff() {
        reactive.withPropertyValues("idempotency.web.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveIdempotencyKeyFilter.class));
    }
}
