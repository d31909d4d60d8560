package io.github.idempotency.sample.boot3;

import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Makes refunds. Nothing here knows about idempotency: the {@code Idempotency-Key} filter, set up
 * in {@code application.yml}, requires the header on {@code POST /refunds} and answers a repeat with
 * the stored response before this controller is reached.
 */
@RestController
@RequestMapping("/refunds")
public class RefundController {

    private final PaymentGateway gateway;

    public RefundController(PaymentGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Refunds a charge: 201 with the refund's {@code Location}.
     *
     * @param request the charge and the amount
     * @return the refund
     */
    @PostMapping
    public ResponseEntity<Refund> refund(@RequestBody RefundRequest request) {
        BadRequests.check(request.chargeId() != null && !request.chargeId().isBlank(), "chargeId must not be blank");
        BadRequests.check(request.amount() != null && request.amount().signum() > 0, "amount must be positive");
        Refund refund = gateway.refund(request.chargeId(), request.amount());
        return ResponseEntity.created(URI.create("/refunds/" + refund.id())).body(refund);
    }

    /**
     * Lists every refund the gateway made, so anyone can count real executions.
     *
     * @return the refunds, oldest first
     */
    @GetMapping
    public List<Refund> list() {
        return gateway.refunds();
    }
}
