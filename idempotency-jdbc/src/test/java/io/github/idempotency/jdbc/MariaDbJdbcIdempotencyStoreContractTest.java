package io.github.idempotency.jdbc;

/** The store contract on MariaDB. */
class MariaDbJdbcIdempotencyStoreContractTest extends JdbcStoreContractTestSupport {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
