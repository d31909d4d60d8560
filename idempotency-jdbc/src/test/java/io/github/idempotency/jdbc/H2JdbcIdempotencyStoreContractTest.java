package io.github.idempotency.jdbc;

/** The store contract on H2 in memory. */
class H2JdbcIdempotencyStoreContractTest extends JdbcStoreContractTestSupport {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
