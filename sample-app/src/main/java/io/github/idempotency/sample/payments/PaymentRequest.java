package io.github.idempotency.sample.payments;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /payments}.
 *
 * @param orderId the order paid for; one payment per order
 * @param amount the amount, positive
 * @param currency the ISO 4217 currency code
 */
public record PaymentRequest(
        @Nullable String orderId,
        @Nullable BigDecimal amount,
        @Nullable String currency) {}
