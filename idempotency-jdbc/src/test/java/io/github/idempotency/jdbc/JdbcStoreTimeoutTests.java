package io.github.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.idempotency.core.BeginResult.Outcome;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.test.TcpProxy;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Every store statement is bounded in time: a slow database and an unreachable one both fail the call soon. */
class JdbcStoreTimeoutTests {

    @RegisterExtension
    static final TestTables TABLES = new TestTables();

    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(1);
    // the statement timeout, the socket's second after it, and room for a slow machine
    private static final Duration SOON = Duration.ofSeconds(8);

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aNetworkPartitionFailsTheCallWithinSeconds(TestDatabase database) throws Exception {
        TestTables.Table table = TABLES.create(database);
        try (TcpProxy proxy = TcpProxy.to(database.port())) {
            SingleConnectionDataSource connection = database.connectionThrough(proxy.port());
            try {
                JdbcIdempotencyStore store = store(connection, database, table.name());
                assertThat(store.tryBegin(TestKeys.randomKey(), Duration.ZERO).outcome())
                        .isEqualTo(Outcome.ACQUIRED);

                proxy.stall();

                assertTimeoutPreemptively(
                        SOON,
                        () -> assertThatExceptionOfType(IdempotencyStoreException.class)
                                .isThrownBy(() -> store.tryBegin(TestKeys.randomKey(), Duration.ZERO)));
            } finally {
                proxy.cut();
                connection.destroy();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aStatementWaitingOnALockIsCancelledAfterTheTimeout(TestDatabase database) throws Exception {
        TestTables.Table table = TABLES.create(database);
        JdbcIdempotencyStore store =
                new JdbcIdempotencyStore(new JdbcTemplate(table.pool()), database.dialect(), options(table.name()));
        String key = TestKeys.randomKey();
        store.tryBegin(key, Duration.ZERO);
        try (Connection locker = table.pool().getConnection()) {
            locker.setAutoCommit(false);
            try (var statement = locker.prepareStatement(
                    "SELECT idempotency_key FROM " + table.name() + " WHERE idempotency_key = ? FOR UPDATE")) {
                statement.setString(1, key);
                statement.executeQuery().close();
            }
            try {
                assertTimeoutPreemptively(
                        SOON,
                        () -> assertThatExceptionOfType(IdempotencyStoreException.class)
                                .isThrownBy(() -> store.tryBegin(key, Duration.ZERO)));
            } finally {
                locker.rollback();
            }
        }
        assertThat(store.tryBegin(key, Duration.ZERO).outcome()).isEqualTo(Outcome.CONFLICT);
    }

    @org.junit.jupiter.api.Test
    void theStatementTimeoutIsWholeSecondsRoundedUpAndTheSocketWaitsOneMore() {
        JdbcIdempotencyStore.Options options = JdbcIdempotencyStore.Options.defaults();
        assertThat(options.statementTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(StatementTimeouts.querySeconds(options)).isEqualTo(3);
        assertThat(StatementTimeouts.socketMillis(options)).isEqualTo(4_000);
        JdbcIdempotencyStore.Options shorter = options.withStatementTimeout(Duration.ofMillis(1_200));
        assertThat(StatementTimeouts.querySeconds(shorter)).isEqualTo(2);
        assertThat(StatementTimeouts.socketMillis(shorter)).isEqualTo(3_000);
        JdbcIdempotencyStore.Options none = options.withStatementTimeout(Duration.ZERO);
        assertThat(StatementTimeouts.querySeconds(none)).isZero();
        assertThat(StatementTimeouts.socketMillis(none)).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> options.withStatementTimeout(Duration.ofSeconds(-1)));
    }

    private static JdbcIdempotencyStore store(
            SingleConnectionDataSource connection, TestDatabase database, String table) {
        return new JdbcIdempotencyStore(new JdbcTemplate(connection), database.dialect(), options(table));
    }

    private static JdbcIdempotencyStore.Options options(String table) {
        return new JdbcIdempotencyStore.Options(table, Duration.ofMinutes(5), 1024 * 1024, 1000)
                .withStatementTimeout(STATEMENT_TIMEOUT);
    }
}
