/**
 * Deterministic idempotency keys ({@link io.github.idempotency.core.IdempotencyKeys}) and the
 * lease-based store contract ({@link io.github.idempotency.core.IdempotencyStore}) with its
 * in-memory implementation. No Spring in here.
 */
@NullMarked
package io.github.idempotency.core;

import org.jspecify.annotations.NullMarked;
