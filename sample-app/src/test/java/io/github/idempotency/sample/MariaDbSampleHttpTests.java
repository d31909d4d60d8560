package io.github.idempotency.sample;

import io.github.idempotency.test.LoopbackServers;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** The sample's {@code mariadb} profile: the JDBC store in MariaDB at 127.0.0.1:3306, in a table of its own. */
@ActiveProfiles("mariadb")
@TestPropertySource(
        properties = {"idempotency.store.jdbc.table-name=sample_app_test_idempotency", "idempotency.retention=2m"})
class MariaDbSampleHttpTests extends AbstractSampleHttpTests {

    @BeforeAll
    static void requireMariaDb() {
        LoopbackServers.require("MariaDB", 3306);
    }

    @Override
    String storeName() {
        return "jdbc";
    }
}
