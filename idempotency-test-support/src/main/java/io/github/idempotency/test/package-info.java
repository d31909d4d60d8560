/** The store contract test that every {@link io.github.idempotency.core.IdempotencyStore} extends. */
@NullMarked
package io.github.idempotency.test;

import org.jspecify.annotations.NullMarked;
