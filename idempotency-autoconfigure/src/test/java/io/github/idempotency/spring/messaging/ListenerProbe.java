package io.github.idempotency.spring.messaging;

import io.github.idempotency.spring.IdempotencyListener;
import io.github.idempotency.spring.IdempotencyOutcome;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a test listener saw: deliveries, counted by the container before the listener method, runs of
 * the method's body per key, and the outcomes the aspect reported.
 */
final class ListenerProbe implements IdempotencyListener {

    private final AtomicInteger deliveries = new AtomicInteger();
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final Map<IdempotencyOutcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private volatile CountDownLatch awaitedDeliveries = new CountDownLatch(0);

    @Override
    public void onOutcome(String scope, IdempotencyOutcome outcome) {
        outcomes.computeIfAbsent(outcome, ignored -> new AtomicInteger()).incrementAndGet();
    }

    /** Makes the first execution wait (at most 10 s) until this many deliveries have been counted. */
    void holdExecutionsUntilDelivered(int count) {
        awaitedDeliveries = new CountDownLatch(count);
    }

    void delivered() {
        deliveries.incrementAndGet();
        awaitedDeliveries.countDown();
    }

    /** Called by the listener's body: counts the run, then waits for the deliveries awaited. */
    void executed(String key) throws InterruptedException {
        executions.computeIfAbsent(key, ignored -> new AtomicInteger()).incrementAndGet();
        awaitedDeliveries.await(10, TimeUnit.SECONDS);
    }

    int deliveries() {
        return deliveries.get();
    }

    int executions(String key) {
        AtomicInteger count = executions.get(key);
        return count == null ? 0 : count.get();
    }

    int executions() {
        return executions.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int outcomes(IdempotencyOutcome outcome) {
        AtomicInteger count = outcomes.get(outcome);
        return count == null ? 0 : count.get();
    }
}
