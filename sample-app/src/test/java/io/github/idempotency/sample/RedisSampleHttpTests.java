package io.github.idempotency.sample;

import io.github.idempotency.test.LoopbackServers;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** The sample's {@code redis} profile: Redis at 127.0.0.1:6379, under a key prefix of its own. */
@ActiveProfiles("redis")
@TestPropertySource(properties = {"idempotency.store.redis.key-prefix=sample-app-test:", "idempotency.retention=2m"})
class RedisSampleHttpTests extends AbstractSampleHttpTests {

    @BeforeAll
    static void requireRedis() {
        LoopbackServers.require("Redis", 6379);
    }

    @Override
    String storeName() {
        return "redis";
    }
}
