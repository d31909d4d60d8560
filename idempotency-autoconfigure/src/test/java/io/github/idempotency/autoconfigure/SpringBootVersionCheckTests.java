package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idempotency.core.IdempotencyConfigurationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * The check that stops an application on the other Spring Boot line. These tests are written for
 * either line: they derive the expected starter names from {@link SpringBootLine}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringBootVersionCheckTests {

    private static final boolean BOOT_4 = SpringBootLine.MAJOR_VERSION == 4;
    private static final String OWN_STARTER =
            BOOT_4 ? "idempotency-spring-boot-starter" : "idempotency-spring-boot3-starter";
    private static final String OTHER_STARTER =
            BOOT_4 ? "idempotency-spring-boot3-starter" : "idempotency-spring-boot-starter";
    private static final int OTHER_MAJOR = BOOT_4 ? 3 : 4;

    @Configuration(proxyBeanMethods = false)
    static class Empty {}

    private static SpringApplication application() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application;
    }

    @Test
    void theCompiledLineIsTheSpringBootThatCompiledIt() {
        assertThat(SpringBootVersion.getVersion()).startsWith(SpringBootLine.MAJOR_VERSION + ".");
    }

    @Test
    void isRegisteredAsAnApplicationListener() {
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class))
                .hasAtLeastOneElementOfType(SpringBootVersionCheck.class);
    }

    @Test
    void anApplicationOnItsOwnLineStartsWithoutAWord(CapturedOutput output) {
        SpringApplication application = application();
        assertThat(application.getListeners()).hasAtLeastOneElementOfType(SpringBootVersionCheck.class);

        try (ConfigurableApplicationContext context = application.run()) {
            assertThat(context.isActive()).isTrue();
        }
        assertThat(output).doesNotContain("idempotency-spring-boot", "SpringBootVersionCheck");
    }

    @Test
    void anApplicationOnTheOtherLineStopsBeforeItsContextIsPreparedAndNamesTheStarterToUse(CapturedOutput output) {
        SpringApplication application = application();
        application.addListeners(new SpringBootVersionCheck(OTHER_MAJOR));
        AtomicBoolean contextPrepared = new AtomicBoolean();
        application.addInitializers(context -> contextPrepared.set(true));

        assertThatThrownBy(application::run)
                .isInstanceOfSatisfying(IdempotencyConfigurationException.class, failure -> {
                    assertThat(failure.description())
                            .isEqualTo("This application runs on Spring Boot " + SpringBootVersion.getVersion()
                                    + ", but " + OTHER_STARTER + " ("
                                    + (BOOT_4 ? "idempotency-autoconfigure-boot3" : "idempotency-autoconfigure")
                                    + ") is built for Spring Boot " + (BOOT_4 ? "3.5" : "4.1") + ".");
                    assertThat(failure.action())
                            .isEqualTo("Depend on io.github.idempotency:" + OWN_STARTER
                                    + ", the starter for Spring Boot " + (BOOT_4 ? "4.1" : "3.5") + ", instead.");
                });
        assertThat(contextPrepared).isFalse();
        assertThat(output)
                .contains("APPLICATION FAILED TO START", "Spring Boot " + SpringBootVersion.getVersion())
                .contains("Depend on io.github.idempotency:" + OWN_STARTER);
    }

    @Test
    void aVersionNoStarterSupportsNamesBothStarters() {
        assertThatThrownBy(() -> new SpringBootVersionCheck().check("2.7.18"))
                .isInstanceOfSatisfying(IdempotencyConfigurationException.class, failure -> {
                    assertThat(failure.description()).startsWith("This application runs on Spring Boot 2.7.18, but ");
                    assertThat(failure.action())
                            .isEqualTo("No idempotency starter supports Spring Boot 2.7.18: run on Spring Boot 3.5"
                                    + " with io.github.idempotency:idempotency-spring-boot3-starter, or on Spring Boot"
                                    + " 4.1 with io.github.idempotency:idempotency-spring-boot-starter.");
                });
    }

    @Test
    void onlyTheMajorVersionCounts() {
        SpringBootVersionCheck check = new SpringBootVersionCheck(SpringBootLine.MAJOR_VERSION);

        check.check(SpringBootLine.MAJOR_VERSION + ".0.0");
        check.check(SpringBootLine.MAJOR_VERSION + ".9.1-SNAPSHOT");
        assertThatThrownBy(() -> check.check((SpringBootLine.MAJOR_VERSION + 1) + ".0.0"))
                .isInstanceOf(IdempotencyConfigurationException.class);
    }
}
