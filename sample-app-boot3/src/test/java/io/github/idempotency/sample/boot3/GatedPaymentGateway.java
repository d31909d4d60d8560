package io.github.idempotency.sample.boot3;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The sample's gateway with gates: a test can hold the next charge for an order, or the next refund
 * of a charge, inside the gateway until it lets go, so a duplicate is sure to arrive while the first
 * call is in flight.
 */
class GatedPaymentGateway implements PaymentGateway {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final PaymentGateway delegate;
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    GatedPaymentGateway(PaymentGateway delegate) {
        this.delegate = delegate;
    }

    /**
     * Holds the next charge for this order, or refund of this charge.
     *
     * @param reference the order id or charge id
     * @return the gate, to wait for the call and let it go
     */
    Gate hold(String reference) {
        Gate gate = new Gate();
        gates.put(reference, gate);
        return gate;
    }

    @Override
    public Charge charge(String orderId, BigDecimal amount, String currency) {
        pass(orderId);
        return delegate.charge(orderId, amount, currency);
    }

    @Override
    public Refund refund(String chargeId, BigDecimal amount) {
        pass(chargeId);
        return delegate.refund(chargeId, amount);
    }

    @Override
    public List<Charge> charges() {
        return delegate.charges();
    }

    @Override
    public List<Refund> refunds() {
        return delegate.refunds();
    }

    private void pass(String reference) {
        Gate gate = gates.remove(reference);
        if (gate != null) {
            gate.entered.countDown();
            await(gate.released);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate not passed within " + WAIT);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** One held call. */
    static final class Gate {

        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Waits until the held call has reached the gateway. */
        void awaitEntered() {
            await(entered);
        }

        /** Lets the held call go on. */
        void release() {
            released.countDown();
        }
    }
}
