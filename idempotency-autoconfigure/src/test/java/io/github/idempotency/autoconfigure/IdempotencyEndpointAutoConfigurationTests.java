package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.actuate.IdempotencyEndpoint;
import io.github.idempotency.autoconfigure.actuate.IdempotencyEndpointWebExtension;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IdempotencyEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    IdempotencyAutoConfiguration.class, IdempotencyEndpointAutoConfiguration.class));

    @Test
    void registersTheEndpointWhenExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=idempotency")
                .run(context -> {
                    assertThat(context).hasSingleBean(IdempotencyEndpoint.class);
                    assertThat(context).hasSingleBean(IdempotencyEndpointWebExtension.class);
                });
    }

    @Test
    void registersNoWebExtensionWhenExposedOverJmxOnly() {
        runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=idempotency")
                .run(context -> {
                    assertThat(context).hasSingleBean(IdempotencyEndpoint.class);
                    assertThat(context).doesNotHaveBean(IdempotencyEndpointWebExtension.class);
                });
    }

    @Test
    void backsOffWhenNotExposed() {
        runner.run(context -> assertThat(context).doesNotHaveBean(IdempotencyEndpoint.class));
    }

    @Test
    void backsOffWhenDisabled() {
        runner.withPropertyValues(
                        "management.endpoints.web.exposure.include=idempotency",
                        "management.endpoint.idempotency.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(IdempotencyEndpoint.class));
    }

    @Test
    void backsOffWithoutActuator() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .withPropertyValues("management.endpoints.web.exposure.include=idempotency")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("idempotencyEndpoint");
                });
    }

    @Test
    void backsOffWithoutAStore() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=idempotency", "idempotency.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(IdempotencyEndpoint.class));
    }
}
