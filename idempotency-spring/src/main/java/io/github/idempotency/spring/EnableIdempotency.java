package io.github.idempotency.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Turns {@code @Idempotent} on in a Spring application without Spring Boot: put it on a
 * {@code @Configuration} class that declares an {@link io.github.idempotency.core.IdempotencyStore}
 * bean. It imports {@link IdempotencyConfiguration}, which proxies {@code @Idempotent} beans, checks
 * them at startup and settles calls with their transaction. Spring Boot applications use the starter
 * instead, which does the same from {@code idempotency.*} properties.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(IdempotencyConfiguration.class)
public @interface EnableIdempotency {}
