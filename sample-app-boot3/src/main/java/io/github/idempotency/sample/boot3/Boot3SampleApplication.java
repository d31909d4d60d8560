package io.github.idempotency.sample.boot3;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A payments service on Spring Boot 3.5 with {@code idempotency-spring-boot3-starter}: charges made
 * once per order by {@code @Idempotent}, refunds made once per {@code Idempotency-Key} by the filter.
 */
@SpringBootApplication
public class Boot3SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(Boot3SampleApplication.class, args);
    }
}
