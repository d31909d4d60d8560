package io.github.idempotency.sample.payments;

import io.github.idempotency.spring.Idempotent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.stereotype.Service;

/**
 * Makes payments, at most one per order: {@code @Idempotent} keys each call on the order id, so a
 * repeat for the same order returns the first payment instead of charging again, with no header
 * needed from the client. The fingerprint is the whole request: a repeat for the same order with
 * another amount or currency is refused (422) instead of answered with the first payment. Called
 * from a controller, the key is also scoped to the authenticated principal, if any. {@code #request} names the parameter because this module is compiled with
 * {@code -parameters} (as Spring Boot's parent POM does); without it, write {@code #p0.orderId}.
 */
@Service
public class PaymentService {

    private final Queue<Payment> payments = new ConcurrentLinkedQueue<>();

    /**
     * Pays for an order once; every later call for the same order returns that payment.
     *
     * @param request a validated payment request
     * @return the payment
     */
    @Idempotent(scope = "payments", key = "#request.orderId", fingerprint = "#request")
    public Payment pay(PaymentRequest request) {
        Payment payment = new Payment(
                UUID.randomUUID(),
                Objects.requireNonNull(request.orderId()),
                Objects.requireNonNull(request.amount()),
                Objects.requireNonNull(request.currency()),
                Instant.now());
        payments.add(payment);
        return payment;
    }

    /**
     * Lists every payment made so far.
     *
     * @return the payments, oldest first
     */
    public List<Payment> list() {
        return List.copyOf(payments);
    }
}
