/** Orders, protected by the {@code Idempotency-Key} header. */
@NullMarked
package io.github.idempotency.sample.orders;

import org.jspecify.annotations.NullMarked;
