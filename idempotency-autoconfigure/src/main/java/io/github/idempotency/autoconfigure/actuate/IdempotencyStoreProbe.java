package io.github.idempotency.autoconfigure.actuate;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.metrics.IdempotencyStoreNames;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code idempotency} health indicator of either Spring Boot line reports: the store is up
 * when it answers a read of a fixed probe key, which is never written, so the check leaves no trace
 * in the store. The memory store also shows how full it is, and is down while requests in progress
 * fill it and new keys are refused.
 */
public final class IdempotencyStoreProbe {

    /**
     * The key the health check reads: valid, and with an all-zero hash that no real input produces.
     */
    public static final String PROBE_KEY =
            "v1:local:health:0000000000000000000000000000000000000000000000000000000000000000";

    private final IdempotencyStore store;

    private final String storeName;

    /**
     * Creates the probe.
     *
     * @param store the store to check
     */
    public IdempotencyStoreProbe(IdempotencyStore store) {
        this.store = store;
        this.storeName = IdempotencyStoreNames.of(store);
    }

    /**
     * Returns the store's name, the {@code store} detail: {@code memory}, {@code redis}, {@code jdbc}
     * or the class's simple name.
     *
     * @return the name
     */
    public String storeName() {
        return storeName;
    }

    /**
     * Reads the probe key and, for the memory store, its usage.
     *
     * @return the outcome
     * @throws RuntimeException what the store throws when it cannot be reached
     */
    public Outcome probe() {
        store.get(PROBE_KEY);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", storeName);
        if (IdempotencyStoreNames.target(store) instanceof MemoryIdempotencyStore memory) {
            MemoryIdempotencyStore.Usage usage = memory.usage();
            details.put("entries", usage.entries());
            details.put("maxEntries", usage.maxEntries());
            details.put("resultBytes", usage.resultBytes());
            details.put("maxBytes", usage.maxBytes());
            details.put("evictions", usage.evictions());
            if (usage.refusingNewKeys()) {
                details.put(
                        "reason",
                        "full of requests in progress: new keys are refused until some finish"
                                + " (idempotency.store.memory.max-entries)");
                return new Outcome(false, details);
            }
        }
        return new Outcome(true, details);
    }

    /**
     * What one probe found.
     *
     * @param up whether the store can take new keys
     * @param details the health details, in order
     */
    public record Outcome(boolean up, Map<String, Object> details) {}
}
