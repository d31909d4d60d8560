package io.github.idempotency.spring;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers the aspect's exceptions in Spring WebFlux with the same RFC 9457 problem details as {@link
 * IdempotentExceptionHandler} in Spring MVC, whether a {@code Mono} delivers them as its error or the
 * method throws them: {@code 409} with {@code Retry-After} for a conflict, {@code 503} with {@code
 * Retry-After} for an unreachable or full store, {@code 400} for a refused tenant, {@code 422} for a
 * key reused with another payload, and a replayed failure with the status of its type's {@code
 * @ResponseStatus}, else {@code 422}. Registered only in a reactive web application; ordered ahead of
 * application advice so a catch-all handler does not turn a conflict into a 500; declare a bean of
 * this type to replace it.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1000)
public class IdempotentWebFluxExceptionHandler extends IdempotentExceptionHandler {}
