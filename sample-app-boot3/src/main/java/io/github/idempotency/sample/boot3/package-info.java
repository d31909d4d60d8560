/** A payments service on Spring Boot 3.5, protected by {@code @Idempotent} and the Idempotency-Key filter. */
@NullMarked
package io.github.idempotency.sample.boot3;

import org.jspecify.annotations.NullMarked;
