package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyConfigurationException;
import io.github.idempotency.spring.IdempotentAspect;
import io.github.idempotency.spring.web.HandlerNotInvokedResolver;
import io.github.idempotency.spring.web.IdempotencyKeyFilter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;

class IdempotencyWebAutoConfigurationTests {

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(IdempotencyAutoConfiguration.class, IdempotencyWebAutoConfiguration.class));

    @Test
    void registersTheFilterAfterSpringSecurityInAServletWebApplication() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(IdempotencyKeyFilter.class);
            FilterRegistrationBean<?> registration =
                    context.getBean("idempotencyKeyFilterRegistration", FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isSameAs(context.getBean(IdempotencyKeyFilter.class));
            assertThat(registration.getOrder())
                    .isEqualTo(IdempotencyKeyFilter.DEFAULT_ORDER)
                    .isGreaterThan(-100);
        });
    }

    @Test
    void bindsTheWebProperties() {
        contextRunner
                .withPropertyValues(
                        "idempotency.web.filter-order=7",
                        "idempotency.web.header-name=X-Request-Key",
                        "idempotency.web.methods=POST,PUT",
                        "idempotency.web.required-paths=/orders/**",
                        "idempotency.web.scope=orders-http",
                        "idempotency.web.stored-headers=Content-Type,Location",
                        "idempotency.web.max-request-bytes=64KB",
                        "idempotency.web.fail-open=true",
                        "idempotency.web.replay-server-errors=true",
                        "idempotency.web.retryable-statuses=409,429")
                .run(context -> {
                    IdempotencyProperties.Web web =
                            context.getBean(IdempotencyProperties.class).getWeb();
                    assertThat(web.getHeaderName()).isEqualTo("X-Request-Key");
                    assertThat(web.getMethods()).containsExactly("POST", "PUT");
                    assertThat(web.getRequiredPaths()).containsExactly("/orders/**");
                    assertThat(web.getScope()).isEqualTo("orders-http");
                    assertThat(web.getStoredHeaders()).containsExactly("Content-Type", "Location");
                    assertThat(web.getMaxRequestBytes().toKilobytes()).isEqualTo(64);
                    assertThat(web.isFailOpen()).isTrue();
                    assertThat(web.isReplayServerErrors()).isTrue();
                    assertThat(web.getRetryableStatuses()).containsExactly(409, 429);
                    assertThat(context.getBean("idempotencyKeyFilterRegistration", FilterRegistrationBean.class)
                                    .getOrder())
                            .isEqualTo(7);
                });
    }

    @Test
    void defaultsProtectPostAndPatchEverywhereWithoutRequiringTheHeader() {
        contextRunner.run(context -> {
            IdempotencyProperties properties = context.getBean(IdempotencyProperties.class);
            assertThat(properties.getWeb().getMethods()).containsExactly("POST", "PATCH");
            assertThat(properties.getWeb().getPaths()).containsExactly("/**");
            assertThat(properties.getWeb().getRequiredPaths()).isEmpty();
            assertThat(properties.getWeb().getScope()).isEqualTo("http");
            assertThat(properties.getWeb().getStoredHeaders()).doesNotContain("Set-Cookie", "Authorization");
            assertThat(properties.getLease()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.getWeb().getRetryableStatuses()).containsExactly(408, 425, 429, 503);
            assertThat(properties.getWeb().isReplayServerErrors()).isFalse();
        });
    }

    @Test
    void registersTheResolverThatTellsARequestWhoseHandlerNeverRan() {
        contextRunner.run(context -> assertThat(context).hasSingleBean(HandlerNotInvokedResolver.class));
    }

    @Test
    void startsTheFilterWithoutTheResolverWhenSpringMvcIsAbsent() {
        contextRunner
                .withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(IdempotencyKeyFilter.class)
                        .doesNotHaveBean(HandlerNotInvokedResolver.class));
    }

    @Test
    void failsAtStartupWhenCredentialsAreListedAsStoredHeaders() {
        contextRunner
                .withPropertyValues("idempotency.web.stored-headers=Location,Authorization")
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("Authorization"));
    }

    @ParameterizedTest
    @CsvSource({"30s, 0s", "30s, -1s", "30s, 16s", "30s, 29s", "30s, 30s", "30s, 1m"})
    void failsAtStartupForALeaseAndHeartbeatTheFilterCannotUseWithoutTheAspect(String lease, String heartbeat) {
        contextRunner
                .withClassLoader(new FilteredClassLoader("org.aspectj"))
                .withPropertyValues("idempotency.lease=" + lease, "idempotency.heartbeat=" + heartbeat)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(IdempotencyConfigurationException.class)
                        .hasMessageContaining("idempotency: "));
    }

    @Test
    void startsTheFilterWithoutTheAspectForAHeartbeatOfHalfTheLease() {
        contextRunner
                .withClassLoader(new FilteredClassLoader("org.aspectj"))
                .withPropertyValues("idempotency.lease=30s", "idempotency.heartbeat=15s")
                .run(context -> assertThat(context)
                        .hasSingleBean(IdempotencyKeyFilter.class)
                        .doesNotHaveBean(IdempotentAspect.class));
    }

    @Test
    void backsOffWhenTheWebFilterIsDisabled() {
        contextRunner
                .withPropertyValues("idempotency.web.enabled=false")
                .run(context -> assertThat(context)
                        .doesNotHaveBean(IdempotencyKeyFilter.class)
                        .doesNotHaveBean("idempotencyKeyFilterRegistration"));
    }

    @Test
    void backsOffWhenIdempotencyIsDisabled() {
        contextRunner
                .withPropertyValues("idempotency.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(IdempotencyKeyFilter.class));
    }

    @Test
    void backsOffOutsideAServletWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        IdempotencyAutoConfiguration.class, IdempotencyWebAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(IdempotencyKeyFilter.class));
    }

    @Test
    void backsOffWithoutSpringWeb() {
        contextRunner
                .withClassLoader(new FilteredClassLoader(OncePerRequestFilter.class))
                .run(context -> assertThat(context).doesNotHaveBean(IdempotencyKeyFilter.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnFilterRegistration() {
        contextRunner
                .withUserConfiguration(CustomRegistration.class)
                .run(context -> assertThat(
                                context.getBean("idempotencyKeyFilterRegistration", FilterRegistrationBean.class)
                                        .getOrder())
                        .isEqualTo(42));
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomRegistration {

        @Bean
        FilterRegistrationBean<IdempotencyKeyFilter> idempotencyKeyFilterRegistration(IdempotencyKeyFilter filter) {
            FilterRegistrationBean<IdempotencyKeyFilter> registration = new FilterRegistrationBean<>(filter);
            registration.setOrder(42);
            return registration;
        }
    }
}
