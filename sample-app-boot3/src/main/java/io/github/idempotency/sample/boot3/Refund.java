package io.github.idempotency.sample.boot3;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A refund as the payment gateway made it; every real refund gets a new {@code id}.
 *
 * @param id the refund's id
 * @param chargeId the charge refunded
 * @param amount the amount given back
 * @param createdAt when it was made
 */
public record Refund(UUID id, String chargeId, BigDecimal amount, Instant createdAt) {}
