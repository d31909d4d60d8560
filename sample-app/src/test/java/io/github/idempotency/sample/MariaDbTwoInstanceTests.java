package io.github.idempotency.sample;

import io.github.idempotency.test.LoopbackServers;
import java.util.List;

/** Two sample processes on the {@code mariadb} profile, sharing one table in MariaDB. */
class MariaDbTwoInstanceTests extends AbstractTwoInstanceTests {

    @Override
    void requireServer() {
        LoopbackServers.require("MariaDB", 3306);
    }

    @Override
    List<String> storeArguments() {
        return List.of(
                "--spring.profiles.active=mariadb",
                "--idempotency.store.jdbc.table-name=sample_app_test_idempotency",
                "--idempotency.retention=2m");
    }
}
