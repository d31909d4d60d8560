package io.github.idempotency.sample.boot3;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.stereotype.Component;

/** A payment gateway that records every charge and refund in memory, so anyone can count them. */
@Component
public class InMemoryPaymentGateway implements PaymentGateway {

    private final Queue<Charge> charges = new ConcurrentLinkedQueue<>();
    private final Queue<Refund> refunds = new ConcurrentLinkedQueue<>();

    @Override
    public Charge charge(String orderId, BigDecimal amount, String currency) {
        Charge charge = new Charge(UUID.randomUUID(), orderId, amount, currency, Instant.now());
        charges.add(charge);
        return charge;
    }

    @Override
    public Refund refund(String chargeId, BigDecimal amount) {
        Refund refund = new Refund(UUID.randomUUID(), chargeId, amount, Instant.now());
        refunds.add(refund);
        return refund;
    }

    @Override
    public List<Charge> charges() {
        return List.copyOf(charges);
    }

    @Override
    public List<Refund> refunds() {
        return List.copyOf(refunds);
    }
}
