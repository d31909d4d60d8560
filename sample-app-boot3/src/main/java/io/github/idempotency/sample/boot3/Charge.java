package io.github.idempotency.sample.boot3;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A charge as the payment gateway made it; every real charge gets a new {@code id}.
 *
 * @param id the charge's id
 * @param orderId the order charged for
 * @param amount the amount
 * @param currency the currency
 * @param createdAt when it was made
 */
public record Charge(UUID id, String orderId, BigDecimal amount, String currency, Instant createdAt) {}
