package io.github.idempotency.sample.boot3;

import java.math.BigDecimal;
import java.util.List;

/**
 * Moves money: the side effect that must happen once. A real service calls its payment provider
 * here; the sample keeps what it did in memory ({@link InMemoryPaymentGateway}).
 */
public interface PaymentGateway {

    /**
     * Charges for an order; each call is a new charge.
     *
     * @param orderId the order
     * @param amount the amount
     * @param currency the currency
     * @return the charge
     */
    Charge charge(String orderId, BigDecimal amount, String currency);

    /**
     * Refunds (part of) a charge; each call is a new refund.
     *
     * @param chargeId the charge
     * @param amount the amount to give back
     * @return the refund
     */
    Refund refund(String chargeId, BigDecimal amount);

    /**
     * Lists every charge made so far.
     *
     * @return the charges, oldest first
     */
    List<Charge> charges();

    /**
     * Lists every refund made so far.
     *
     * @return the refunds, oldest first
     */
    List<Refund> refunds();
}
