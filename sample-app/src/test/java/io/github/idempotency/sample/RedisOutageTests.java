package io.github.idempotency.sample;

import io.github.idempotency.test.LoopbackServers;
import io.github.idempotency.test.TcpProxy;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The {@code redis} profile, reaching Redis at 127.0.0.1:6379 through a proxy that is cut. */
@ActiveProfiles("redis")
@TestPropertySource(
        properties = {
            "idempotency.store.redis.key-prefix=sample-app-test:",
            "idempotency.retention=2m",
            "spring.data.redis.timeout=1s",
            "spring.data.redis.connect-timeout=1s"
        })
class RedisOutageTests extends AbstractStoreOutageTests {

    private static final TcpProxy redis = TcpProxy.to(6379);

    @BeforeAll
    static void requireRedis() {
        LoopbackServers.require("Redis", 6379);
    }

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry properties) {
        properties.add("spring.data.redis.port", redis::port);
    }

    @AfterAll
    static void closeProxy() throws IOException {
        redis.close();
    }

    @Override
    TcpProxy proxy() {
        return redis;
    }
}
