package io.github.idempotency.sample.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A payment as the service made it; every real execution gets a new {@code id}.
 *
 * @param id the payment's id
 * @param orderId the order paid for
 * @param amount the amount
 * @param currency the currency
 * @param createdAt when it was made
 */
public record Payment(UUID id, String orderId, BigDecimal amount, String currency, Instant createdAt) {}
