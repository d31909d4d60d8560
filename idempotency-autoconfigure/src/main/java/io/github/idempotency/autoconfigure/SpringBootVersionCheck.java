package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyConfigurationException;
import java.util.Optional;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Stops an application whose Spring Boot is not the one this jar is built for, naming the starter to
 * use: {@code idempotency-spring-boot-starter} for Spring Boot 4, {@code
 * idempotency-spring-boot3-starter} for Spring Boot 3.5. The wrong starter drags jars of the other
 * Spring Boot line onto the class path, which would otherwise fail later with a class or method that
 * cannot be found, far from the cause.
 *
 * <p>It runs first on the {@link ApplicationEnvironmentPreparedEvent}, before environment post
 * processors, logging, the context and any auto-configuration: the earliest point at which Spring
 * Boot reports a startup failure through its failure analyzers, so the {@link
 * IdempotencyConfigurationException} is printed as "APPLICATION FAILED TO START". It is registered in
 * {@code META-INF/spring.factories} as an {@link ApplicationListener}, an interface both Spring Boot
 * lines share (Spring Boot 4 moved {@code EnvironmentPostProcessor} and the bootstrap context that
 * {@code SpringApplicationRunListener} takes). Only the major version is compared.
 */
public final class SpringBootVersionCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private final int expectedMajorVersion;

    /** Creates the check for the Spring Boot line this jar is compiled for. */
    public SpringBootVersionCheck() {
        this(SpringBootLine.MAJOR_VERSION);
    }

    /**
     * Creates a check that expects another Spring Boot major version than this jar's.
     *
     * @param expectedMajorVersion the major version of Spring Boot the application must run on
     */
    public SpringBootVersionCheck(int expectedMajorVersion) {
        this.expectedMajorVersion = expectedMajorVersion;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        check(SpringBootVersion.getVersion());
    }

    /**
     * Checks a Spring Boot version against the expected major version.
     *
     * @param springBootVersion the version that runs, such as {@code 3.5.7}
     * @throws IdempotencyConfigurationException when its major version is another, naming the starter
     *     for the version that runs, or saying that no starter supports it
     */
    void check(String springBootVersion) {
        int major = majorVersionOf(springBootVersion);
        if (major == expectedMajorVersion) {
            return;
        }
        String built = Line.of(expectedMajorVersion)
                .map(line -> line.starter + " (" + line.autoconfigure + ") is built for Spring Boot " + line.version)
                .orElse("this idempotency jar expects Spring Boot " + expectedMajorVersion);
        String action = Line.of(major)
                .map(line -> "Depend on io.github.idempotency:" + line.starter + ", the starter for Spring Boot "
                        + line.version + ", instead.")
                .orElse("No idempotency starter supports Spring Boot " + springBootVersion + ": run on Spring Boot "
                        + Line.BOOT_3.version + " with io.github.idempotency:" + Line.BOOT_3.starter
                        + ", or on Spring Boot " + Line.BOOT_4.version + " with io.github.idempotency:"
                        + Line.BOOT_4.starter + ".");
        throw new IdempotencyConfigurationException(
                "This application runs on Spring Boot " + springBootVersion + ", but " + built + ".", action);
    }

    private static int majorVersionOf(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException ex) {
            return -1;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** The two Spring Boot lines and their artifacts. */
    private enum Line {
        BOOT_3(3, "3.5", "idempotency-spring-boot3-starter", "idempotency-autoconfigure-boot3"),
        BOOT_4(4, "4.1", "idempotency-spring-boot-starter", "idempotency-autoconfigure");

        private final int major;
        private final String version;
        private final String starter;
        private final String autoconfigure;

        Line(int major, String version, String starter, String autoconfigure) {
            this.major = major;
            this.version = version;
            this.starter = starter;
            this.autoconfigure = autoconfigure;
        }

        static Optional<Line> of(int major) {
            for (Line line : values()) {
                if (line.major == major) {
                    return Optional.of(line);
                }
            }
            return Optional.empty();
        }
    }
}
