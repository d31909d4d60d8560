/** Actuator support: the {@code idempotency} endpoint and the store's health indicator. */
@NullMarked
package io.github.idempotency.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
