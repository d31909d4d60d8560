/** A small service that shows the Idempotency-Key filter and {@code @Idempotent} at work. */
@NullMarked
package io.github.idempotency.sample;

import org.jspecify.annotations.NullMarked;
