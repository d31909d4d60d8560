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

/** The {@code postgres} profile, reaching PostgreSQL at 127.0.0.1:5432 through a proxy that is cut. */
@ActiveProfiles("postgres")
@TestPropertySource(
        properties = {
            "idempotency.store.jdbc.table-name=sample_app_test_idempotency",
            "idempotency.retention=2m",
            "spring.datasource.hikari.connection-timeout=1000",
            "spring.datasource.hikari.validation-timeout=500"
        })
class PostgresOutageTests extends AbstractStoreOutageTests {

    private static final TcpProxy postgres = TcpProxy.to(5432);

    @BeforeAll
    static void requirePostgres() {
        LoopbackServers.require("PostgreSQL", 5432);
    }

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/test");
    }

    @AfterAll
    static void closeProxy() throws IOException {
        postgres.close();
    }

    @Override
    TcpProxy proxy() {
        return postgres;
    }
}
