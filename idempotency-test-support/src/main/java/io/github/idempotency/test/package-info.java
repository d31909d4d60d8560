/**
 * The store contract test that every {@link io.github.idempotency.core.IdempotencyStore} extends, and
 * helpers for tests of stores and their callers.
 */
@NullMarked
package io.github.idempotency.test;

import org.jspecify.annotations.NullMarked;
