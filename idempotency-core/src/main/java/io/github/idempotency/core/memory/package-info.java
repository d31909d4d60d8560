/** The in-memory {@link io.github.idempotency.core.IdempotencyStore}: one process, bounded, no set-up. */
@NullMarked
package io.github.idempotency.core.memory;

import org.jspecify.annotations.NullMarked;
