package io.github.idempotency.sample;

import io.github.idempotency.test.LoopbackServers;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.TestPropertySource;

/** The sample on the Redis store at 127.0.0.1:6379, under a key prefix of its own. */
@TestPropertySource(
        properties = {
            "idempotency.store.type=redis",
            "idempotency.store.redis.key-prefix=sample-app-test:",
            "idempotency.retention=2m",
            "spring.data.redis.host=127.0.0.1",
            "spring.data.redis.port=6379"
        })
class RedisSampleHttpTests extends AbstractSampleHttpTests {

    @BeforeAll
    static void requireRedis() {
        LoopbackServers.require("Redis", 6379);
    }
}
