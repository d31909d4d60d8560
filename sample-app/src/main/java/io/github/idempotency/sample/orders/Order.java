package io.github.idempotency.sample.orders;

import java.time.Instant;
import java.util.UUID;

/**
 * An order as the service created it; every real execution gets a new {@code id}.
 *
 * @param id the order's id
 * @param item what was ordered
 * @param quantity how many
 * @param tenant the tenant that placed it
 * @param createdAt when it was created
 */
public record Order(UUID id, String item, int quantity, String tenant, Instant createdAt) {}
