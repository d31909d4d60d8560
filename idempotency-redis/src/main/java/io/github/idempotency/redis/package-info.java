/**
 * An {@link io.github.idempotency.core.IdempotencyStore} on Redis: one atomic Lua script per call,
 * expiry by Redis on its own clock.
 */
@NullMarked
package io.github.idempotency.redis;

import org.jspecify.annotations.NullMarked;
