/** Payments, made exactly once per order by {@code @Idempotent} on the service method. */
@NullMarked
package io.github.idempotency.sample.payments;

import org.jspecify.annotations.NullMarked;
