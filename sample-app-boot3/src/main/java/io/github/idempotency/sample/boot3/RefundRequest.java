package io.github.idempotency.sample.boot3;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /refunds}.
 *
 * @param chargeId the charge to refund
 * @param amount the amount to give back, positive
 */
public record RefundRequest(
        @Nullable String chargeId, @Nullable BigDecimal amount) {}
