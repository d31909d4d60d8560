package io.github.idempotency.sample.orders;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /orders}.
 *
 * @param item what to order; must not be blank
 * @param quantity how many; must be positive
 */
public record OrderRequest(@Nullable String item, int quantity) {}
