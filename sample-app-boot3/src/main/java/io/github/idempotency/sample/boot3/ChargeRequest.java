package io.github.idempotency.sample.boot3;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /charges}.
 *
 * @param orderId the order to charge for; one charge per order
 * @param amount the amount, positive
 * @param currency the ISO 4217 currency code
 */
public record ChargeRequest(
        @Nullable String orderId,
        @Nullable BigDecimal amount,
        @Nullable String currency) {}
