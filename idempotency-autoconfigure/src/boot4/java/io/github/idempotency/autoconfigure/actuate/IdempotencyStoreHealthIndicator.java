package io.github.idempotency.autoconfigure.actuate;

import io.github.idempotency.core.IdempotencyStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the store UP when it answers a read of {@link IdempotencyStoreProbe#PROBE_KEY}, and DOWN
 * with the exception when the read throws. Details: {@code store}, the store's name ({@code memory},
 * {@code redis}, {@code jdbc} or the class's simple name).
 *
 * <p>The memory store also shows how full it is: {@code entries}, {@code maxEntries}, {@code
 * resultBytes}, {@code maxBytes} and {@code evictions} (finished records that gave way to new ones).
 * It is DOWN, with a {@code reason}, while requests in progress fill it and new keys are refused.
 */
public class IdempotencyStoreHealthIndicator extends AbstractHealthIndicator {

    private final IdempotencyStoreProbe probe;

    /**
     * Creates the indicator.
     *
     * @param store the store to check
     */
    public IdempotencyStoreHealthIndicator(IdempotencyStore store) {
        super("Idempotency store health check failed");
        this.probe = new IdempotencyStoreProbe(store);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("store", probe.storeName());
        IdempotencyStoreProbe.Outcome outcome = probe.probe();
        builder.withDetails(outcome.details());
        if (outcome.up()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
