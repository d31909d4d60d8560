package io.github.idempotency.redis;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.test.JoiningIdempotencyStore;

/**
 * The store contract on a real Redis Cluster, with {@code tryBegin}, {@code complete} and {@code
 * fail} sent through the store's non-blocking calls: each script still reaches the master that owns
 * its key.
 */
class RedisClusterIdempotencyStoreNonBlockingContractTest extends RedisClusterIdempotencyStoreContractTest {

    @Override
    IdempotencyStore calledThrough(RedisIdempotencyStore store) {
        return new JoiningIdempotencyStore(store);
    }
}
