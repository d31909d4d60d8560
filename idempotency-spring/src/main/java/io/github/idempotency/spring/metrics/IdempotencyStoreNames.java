package io.github.idempotency.spring.metrics;

import io.github.idempotency.core.IdempotencyStore;

/**
 * Names a store for tags and health details: {@code memory}, {@code redis} or {@code jdbc} for the
 * stores this library ships, otherwise the class's simple name. Needs no Micrometer on the class
 * path.
 */
public final class IdempotencyStoreNames {

    private IdempotencyStoreNames() {}

    /**
     * Returns the name of a store, looking through {@link MeteredIdempotencyStore} to the store it
     * times.
     *
     * @param store the store
     * @return {@code memory}, {@code redis}, {@code jdbc}, or the simple name of any other store class
     */
    public static String of(IdempotencyStore store) {
        IdempotencyStore target = target(store);
        return switch (target.getClass().getName()) {
            case "io.github.idempotency.core.memory.MemoryIdempotencyStore" -> "memory";
            case "io.github.idempotency.redis.RedisIdempotencyStore" -> "redis";
            case "io.github.idempotency.jdbc.JdbcIdempotencyStore" -> "jdbc";
            default -> target.getClass().getSimpleName();
        };
    }

    /**
     * Returns the store that does the work: the given one, or the store a {@link
     * MeteredIdempotencyStore} times, looked through as many times as it is wrapped.
     *
     * @param store the store
     * @return the store under any timing wrappers
     */
    public static IdempotencyStore target(IdempotencyStore store) {
        IdempotencyStore target = store;
        while (target instanceof MeteredIdempotencyStore metered) {
            target = metered.unwrap();
        }
        return target;
    }
}
