package io.github.idempotency.sample.payments;

import java.math.BigDecimal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Pays for orders through {@link PaymentService}, which makes each order's payment exactly once. */
@RestController
@RequestMapping("/payments")
public class PaymentController {

    private final PaymentService payments;

    public PaymentController(PaymentService payments) {
        this.payments = payments;
    }

    /**
     * Pays for an order; a repeat for the same order returns the same payment.
     *
     * @param request the order, amount and currency
     * @return the payment
     */
    @PostMapping
    public Payment pay(@RequestBody PaymentRequest request) {
        if (request.orderId() == null || request.orderId().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "orderId must not be blank");
        }
        if (request.amount() == null || request.amount().compareTo(BigDecimal.ZERO) <= 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "amount must be positive");
        }
        if (request.currency() == null || !request.currency().matches("[A-Z]{3}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "currency must be an ISO 4217 code");
        }
        return payments.pay(request);
    }

    /**
     * Lists every payment made so far, so anyone can count real executions.
     *
     * @return the payments, oldest first
     */
    @GetMapping
    public List<Payment> list() {
        return payments.list();
    }
}
