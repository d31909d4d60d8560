package io.github.idempotency.sample.boot3;

import io.github.idempotency.spring.Idempotent;
import java.util.Objects;
import org.springframework.stereotype.Service;

/**
 * Charges each order once: {@code @Idempotent} keys the call on the order id, so a repeat for the
 * same order returns the first charge instead of charging again, with no header needed from the
 * client. The fingerprint is the whole request: a repeat for the order with another amount or
 * currency is refused ({@code 422}). {@code #request} names the parameter because this module is
 * compiled with {@code -parameters}; without it, write {@code #p0.orderId}.
 */
@Service
public class ChargeService {

    private final PaymentGateway gateway;

    public ChargeService(PaymentGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Charges for an order once; every later call for the same order returns that charge.
     *
     * @param request a validated charge request
     * @return the charge
     */
    @Idempotent(scope = "charges", key = "#request.orderId", fingerprint = "#request")
    public Charge charge(ChargeRequest request) {
        return gateway.charge(
                Objects.requireNonNull(request.orderId()),
                Objects.requireNonNull(request.amount()),
                Objects.requireNonNull(request.currency()));
    }
}
