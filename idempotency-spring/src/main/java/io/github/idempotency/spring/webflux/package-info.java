/**
 * The {@code Idempotency-Key} filter for Spring WebFlux: the same answers as the servlet filter, with
 * every store call offloaded from the event loop; and the caller of a {@code @Idempotent} {@code Mono}
 * method, found in the request's Reactor context.
 */
@NullMarked
package io.github.idempotency.spring.webflux;

import org.jspecify.annotations.NullMarked;
