package io.github.idempotency.sample.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.redis.RedisIdempotencyStore;
import io.github.idempotency.test.LoopbackServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** The sample's {@code redis} profile: Redis at 127.0.0.1:6379, under a key prefix of its own. */
@ActiveProfiles("redis")
@TestPropertySource(
        properties = {"idempotency.store.redis.key-prefix=sample-app-boot3-test:", "idempotency.retention=2m"})
class RedisBoot3SampleHttpTests extends AbstractBoot3SampleHttpTests {

    @Autowired
    private ApplicationContext context;

    @BeforeAll
    static void requireRedis() {
        LoopbackServers.require("Redis", 6379);
    }

    @Test
    void runsOnTheRedisStore() {
        assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(RedisIdempotencyStore.class);
    }
}
