package io.github.idempotency.sample;

import io.github.idempotency.test.LoopbackServers;
import java.util.List;

/** Two sample processes on the {@code redis} profile, sharing Redis at 127.0.0.1:6379. */
class RedisTwoInstanceTests extends AbstractTwoInstanceTests {

    @Override
    void requireServer() {
        LoopbackServers.require("Redis", 6379);
    }

    @Override
    List<String> storeArguments() {
        return List.of(
                "--spring.profiles.active=redis",
                "--idempotency.store.redis.key-prefix=sample-app-test:",
                "--idempotency.retention=2m");
    }
}
