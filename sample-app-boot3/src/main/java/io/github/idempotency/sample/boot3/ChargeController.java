package io.github.idempotency.sample.boot3;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Charges orders through {@link ChargeService}, which charges each order exactly once. */
@RestController
@RequestMapping("/charges")
public class ChargeController {

    private final ChargeService charges;
    private final PaymentGateway gateway;

    public ChargeController(ChargeService charges, PaymentGateway gateway) {
        this.charges = charges;
        this.gateway = gateway;
    }

    /**
     * Charges for an order; a repeat for the same order returns the same charge.
     *
     * @param request the order, amount and currency
     * @return the charge
     */
    @PostMapping
    public Charge charge(@RequestBody ChargeRequest request) {
        BadRequests.check(request.orderId() != null && !request.orderId().isBlank(), "orderId must not be blank");
        BadRequests.check(request.amount() != null && request.amount().signum() > 0, "amount must be positive");
        BadRequests.check(
                request.currency() != null && request.currency().matches("[A-Z]{3}"),
                "currency must be an ISO 4217 code");
        return charges.charge(request);
    }

    /**
     * Lists every charge the gateway made, so anyone can count real executions.
     *
     * @return the charges, oldest first
     */
    @GetMapping
    public List<Charge> list() {
        return gateway.charges();
    }
}
