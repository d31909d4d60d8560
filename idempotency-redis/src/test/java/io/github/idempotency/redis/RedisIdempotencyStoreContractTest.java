package io.github.idempotency.redis;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.test.AbstractIdempotencyStoreContractTest;
import io.github.idempotency.test.LoopbackServers;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The store contract against the real Redis, which expires records on its own clock. {@link
 * RedisClusterIdempotencyStoreContractTest} runs the same contract on a Redis Cluster.
 */
@TestInstance(Lifecycle.PER_CLASS)
class RedisIdempotencyStoreContractTest extends AbstractIdempotencyStoreContractTest {

    final String prefix = TestRedis.uniquePrefix();

    @Nullable
    LettuceConnectionFactory connectionFactory;

    @BeforeAll
    void connectToRedis() {
        connectionFactory = connect();
    }

    /** Skips or fails the tests unless the server is up, then connects to it. */
    LettuceConnectionFactory connect() {
        LoopbackServers.require("Redis", TestRedis.PORT);
        return TestRedis.connectionFactory(TestRedis.PORT, "idempotency-contract");
    }

    @AfterAll
    void cleanUp() {
        if (connectionFactory != null) {
            TestRedis.deleteAll(new StringRedisTemplate(connectionFactory), prefix);
            connectionFactory.destroy();
        }
    }

    @Override
    protected IdempotencyStore createStore(Duration defaultLease, int maxResultBytes) {
        return calledThrough(new RedisIdempotencyStore(
                connectionFactory(), new RedisIdempotencyStore.Options(prefix, defaultLease, maxResultBytes)));
    }

    /** The store the contract is checked on: the Redis store itself, or a view of it. */
    IdempotencyStore calledThrough(RedisIdempotencyStore store) {
        return store;
    }

    LettuceConnectionFactory connectionFactory() {
        if (connectionFactory == null) {
            throw new IllegalStateException("not connected");
        }
        return connectionFactory;
    }

    /** Redis decides expiry on its own clock, so time can only pass by waiting. */
    @Override
    protected void elapse(Duration duration) {
        TestRedis.waitOut(duration);
    }
}
