package io.github.idempotency.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.BeginResult.Outcome;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.test.JoiningIdempotencyStore;
import org.junit.jupiter.api.Test;

/**
 * The store contract, fuzz included, with {@code tryBegin}, {@code complete} and {@code fail} sent
 * through the store's non-blocking calls on the real Redis. {@link
 * RedisClusterIdempotencyStoreNonBlockingContractTest} does the same on a Redis Cluster.
 */
class RedisIdempotencyStoreNonBlockingContractTest extends RedisIdempotencyStoreContractTest {

    @Override
    IdempotencyStore calledThrough(RedisIdempotencyStore store) {
        return new JoiningIdempotencyStore(store);
    }

    @Test
    void repliesArriveOnTheClientsIoThreadsNotTheCallers() {
        String key = newKey();
        String owner = store.tryBegin(key, LONG_LEASE).ownerToken();
        store.complete(key, owner, new byte[] {1}, RETENTION);

        assertThat(store.tryBegin(key, LONG_LEASE).outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(((JoiningIdempotencyStore) store).completingThreads())
                .isNotEmpty()
                .allSatisfy(thread -> assertThat(thread).startsWith("lettuce-"));
    }
}
