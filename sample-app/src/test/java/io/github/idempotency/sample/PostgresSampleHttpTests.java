package io.github.idempotency.sample;

import io.github.idempotency.test.LoopbackServers;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.TestPropertySource;

/** The sample on the JDBC store in PostgreSQL at 127.0.0.1:5432, in a table of its own. */
@TestPropertySource(
        properties = {
            "idempotency.store.type=jdbc",
            "idempotency.store.jdbc.table-name=sample_app_test_idempotency",
            "idempotency.store.jdbc.initialize-schema=always",
            "idempotency.retention=2m",
            "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
            "spring.datasource.username=postgres"
        })
class PostgresSampleHttpTests extends AbstractSampleHttpTests {

    @BeforeAll
    static void requirePostgres() {
        LoopbackServers.require("PostgreSQL", 5432);
    }
}
