package io.github.idempotency.autoconfigure.actuate;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.metrics.IdempotencyStoreNames;
import io.github.idempotency.spring.metrics.MeteredIdempotencyStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the store UP when it answers a read of a fixed probe key, and DOWN with the exception when
 * the read throws. The probe key is never written, so the check leaves no trace in the store.
 * Details: {@code store}, the store's name ({@code memory}, {@code redis}, {@code jdbc} or the
 * class's simple name).
 *
 * <p>The memory store also shows how full it is: {@code entries}, {@code maxEntries}, {@code
 * resultBytes}, {@code maxBytes} and {@code evictions} (finished records that gave way to new ones).
 * It is DOWN, with a {@code reason}, while requests in progress fill it and new keys are refused.
 */
public class IdempotencyStoreHealthIndicator extends AbstractHealthIndicator {

    /**
     * The key the health check reads: valid, and with an all-zero hash that no real input produces.
     */
    public static final String PROBE_KEY =
            "v1:local:health:0000000000000000000000000000000000000000000000000000000000000000";

    private final IdempotencyStore store;

    private final String storeName;

    /**
     * Creates the indicator.
     *
     * @param store the store to check
     */
    public IdempotencyStoreHealthIndicator(IdempotencyStore store) {
        super("Idempotency store health check failed");
        this.store = store;
        this.storeName = IdempotencyStoreNames.of(store);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("store", storeName);
        store.get(PROBE_KEY);
        if (unwrap(store) instanceof MemoryIdempotencyStore memory) {
            MemoryIdempotencyStore.Usage usage = memory.usage();
            builder.withDetail("entries", usage.entries())
                    .withDetail("maxEntries", usage.maxEntries())
                    .withDetail("resultBytes", usage.resultBytes())
                    .withDetail("maxBytes", usage.maxBytes())
                    .withDetail("evictions", usage.evictions());
            if (usage.refusingNewKeys()) {
                builder.down()
                        .withDetail(
                                "reason",
                                "full of requests in progress: new keys are refused until some finish"
                                        + " (idempotency.store.memory.max-entries)");
                return;
            }
        }
        builder.up();
    }

    private static IdempotencyStore unwrap(IdempotencyStore store) {
        IdempotencyStore target = store;
        while (target instanceof MeteredIdempotencyStore metered) {
            target = metered.unwrap();
        }
        return target;
    }
}
