package io.github.idempotency.sample;

import io.github.idempotency.test.LoopbackServers;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** The sample's {@code postgres} profile: the JDBC store in PostgreSQL at 127.0.0.1:5432, in a table of its own. */
@ActiveProfiles("postgres")
@TestPropertySource(
        properties = {"idempotency.store.jdbc.table-name=sample_app_test_idempotency", "idempotency.retention=2m"})
class PostgresSampleHttpTests extends AbstractSampleHttpTests {

    @BeforeAll
    static void requirePostgres() {
        LoopbackServers.require("PostgreSQL", 5432);
    }

    @Override
    String storeName() {
        return "jdbc";
    }
}
