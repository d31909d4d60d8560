package io.github.idempotency.sample.boot3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idempotency.autoconfigure.SpringBootVersionCheck;
import io.github.idempotency.core.IdempotencyConfigurationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample started for real with {@link SpringApplication}: on Spring Boot 3.5 with the Spring Boot
 * 3.5 starter it starts without a word about the Spring Boot line; a check that expects Spring Boot 4,
 * as the Spring Boot 4 starter's does, stops it before its context is prepared and names the starter
 * to use.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringBootLineStartupTests {

    private static SpringApplication sample() {
        return new SpringApplication(Boot3SampleApplication.class);
    }

    @Test
    void startsOnItsOwnLineWithoutAWordAboutIt(CapturedOutput output) {
        try (ConfigurableApplicationContext context = sample().run("--server.port=0")) {
            assertThat(context.isActive()).isTrue();
        }
        assertThat(output)
                .contains("Tomcat started on port")
                .doesNotContain("idempotency-spring-boot", "SpringBootVersionCheck", "APPLICATION FAILED");
    }

    @Test
    void stopsWhenTheStarterExpectsSpringBoot4(CapturedOutput output) {
        SpringApplication sample = sample();
        sample.addListeners(new SpringBootVersionCheck(4));
        AtomicBoolean contextPrepared = new AtomicBoolean();
        sample.addInitializers(context -> contextPrepared.set(true));

        assertThatThrownBy(() -> sample.run("--server.port=0"))
                .isInstanceOf(IdempotencyConfigurationException.class)
                .hasMessage("This application runs on Spring Boot 3.5.7, but idempotency-spring-boot-starter"
                        + " (idempotency-autoconfigure) is built for Spring Boot 4.1.");
        assertThat(contextPrepared).isFalse();
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("Depend on io.github.idempotency:idempotency-spring-boot3-starter, the starter for"
                        + " Spring Boot 3.5, instead.");
    }
}
