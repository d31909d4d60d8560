package io.github.idempotency.autoconfigure;

/**
 * The Spring Boot line this jar is compiled for: Spring Boot 4, the line of {@code
 * idempotency-spring-boot-starter}. {@code idempotency-autoconfigure-boot3} has a class of the same
 * name for Spring Boot 3.5; {@link SpringBootVersionCheck} compares it with the Spring Boot that runs.
 */
final class SpringBootLine {

    /** The major version of Spring Boot this jar is compiled against. */
    static final int MAJOR_VERSION = 4;

    private SpringBootLine() {}
}
