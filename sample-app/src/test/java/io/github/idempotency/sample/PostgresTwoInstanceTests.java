package io.github.idempotency.sample;

import io.github.idempotency.test.LoopbackServers;
import java.util.List;

/** Two sample processes on the {@code postgres} profile, sharing one table in PostgreSQL. */
class PostgresTwoInstanceTests extends AbstractTwoInstanceTests {

    @Override
    void requireServer() {
        LoopbackServers.require("PostgreSQL", 5432);
    }

    @Override
    List<String> storeArguments() {
        return List.of(
                "--spring.profiles.active=postgres",
                "--idempotency.store.jdbc.table-name=sample_app_test_idempotency",
                "--idempotency.retention=2m");
    }
}
