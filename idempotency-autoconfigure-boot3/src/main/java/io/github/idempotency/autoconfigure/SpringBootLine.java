package io.github.idempotency.autoconfigure;

/**
 * The Spring Boot line this jar is compiled for: Spring Boot 3.5, the line of {@code
 * idempotency-spring-boot3-starter}. {@code idempotency-autoconfigure} has a class of the same name
 * for Spring Boot 4; {@link SpringBootVersionCheck} compares it with the Spring Boot that runs.
 */
final class SpringBootLine {

    /** The major version of Spring Boot this jar is compiled against. */
    static final int MAJOR_VERSION = 3;

    private SpringBootLine() {}
}
