package io.github.idempotency.redis;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.test.AbstractIdempotencyStoreContractTest;
import io.github.idempotency.test.LoopbackServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The store contract against the real Redis, which expires records on its own clock. */
class RedisIdempotencyStoreContractTest extends AbstractIdempotencyStoreContractTest {

    private static final String PREFIX = TestRedis.uniquePrefix();

    private static LettuceConnectionFactory connectionFactory;

    @BeforeAll
    static void connect() {
        LoopbackServers.require("Redis", TestRedis.PORT);
        connectionFactory = TestRedis.connectionFactory(TestRedis.PORT, "idempotency-contract");
    }

    @AfterAll
    static void cleanUp() {
        if (connectionFactory != null) {
            TestRedis.deleteAll(new StringRedisTemplate(connectionFactory), PREFIX);
            connectionFactory.destroy();
        }
    }

    @Override
    protected IdempotencyStore createStore(Duration defaultLease, int maxResultBytes) {
        return new RedisIdempotencyStore(
                connectionFactory, new RedisIdempotencyStore.Options(PREFIX, defaultLease, maxResultBytes));
    }

    /** Redis decides expiry on its own clock, so time can only pass by waiting. */
    @Override
    protected void elapse(Duration duration) {
        try {
            Thread.sleep(duration.toMillis() + 1);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while letting time pass", ex);
        }
    }
}
