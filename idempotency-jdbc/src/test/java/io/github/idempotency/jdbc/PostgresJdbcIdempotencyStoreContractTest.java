package io.github.idempotency.jdbc;

/** The store contract on PostgreSQL. */
class PostgresJdbcIdempotencyStoreContractTest extends JdbcStoreContractTestSupport {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
