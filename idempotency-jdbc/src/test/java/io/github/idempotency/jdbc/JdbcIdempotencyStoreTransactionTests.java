package io.github.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.BeginResult.Outcome;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.RecordState;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/** The store never joins the caller's transaction: its writes commit on their own, at once. */
class JdbcIdempotencyStoreTransactionTests {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final byte[] RESULT = {4, 2};

    @RegisterExtension
    static final TestTables TABLES = new TestTables();

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void leaseAndResultSurviveTheCallersRollback(TestDatabase database) {
        Fixture fixture = fixture(database);
        String key = TestKeys.randomKey();
        String businessKey = TestKeys.randomKey();

        fixture.transactions().executeWithoutResult(status -> {
            BeginResult begun = fixture.store(fixture.pool).tryBegin(key, LEASE);
            fixture.businessWrite(businessKey);
            fixture.store(fixture.pool).complete(key, begun.ownerToken(), RESULT, LEASE);
            status.setRollbackOnly();
        });

        assertThat(fixture.businessRowExists(businessKey))
                .as("the caller's own write was rolled back")
                .isFalse();
        BeginResult repeat = fixture.store(fixture.pool).tryBegin(key, LEASE);
        assertThat(repeat.outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(repeat.record().result()).containsExactly(RESULT);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void inProgressRecordIsAConflictForOthersWhileTheCallersTransactionIsOpen(TestDatabase database) throws Exception {
        Fixture fixture = fixture(database);
        JdbcIdempotencyStore store = fixture.store(fixture.pool);
        String key = TestKeys.randomKey();
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);

        CompletableFuture<Outcome> holder =
                CompletableFuture.supplyAsync(() -> fixture.transactions().execute(status -> {
                    fixture.businessWrite(TestKeys.randomKey());
                    Outcome outcome = store.tryBegin(key, LEASE).outcome();
                    begun.countDown();
                    await(finish);
                    return outcome;
                }));
        try {
            assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
            Outcome duplicate = CompletableFuture.supplyAsync(
                            () -> store.tryBegin(key, LEASE).outcome())
                    .get(5, TimeUnit.SECONDS);
            assertThat(duplicate)
                    .as("answered while the first caller's transaction is open")
                    .isEqualTo(Outcome.CONFLICT);
        } finally {
            finish.countDown();
        }
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.ACQUIRED);
    }

    @Test
    void transactionAwareDataSourceIsNotJoinedEither() {
        Fixture fixture = fixture(TestDatabase.H2);
        JdbcIdempotencyStore store = fixture.store(new TransactionAwareDataSourceProxy(fixture.pool));
        String key = TestKeys.randomKey();

        fixture.transactions().executeWithoutResult(status -> {
            store.tryBegin(key, LEASE);
            status.setRollbackOnly();
        });

        assertThat(store.get(key)).map(IdempotencyRecord::state).contains(RecordState.IN_PROGRESS);
    }

    @Test
    void connectionsWithAutoCommitOffCommitEachStatementAndAreHandedBackAsTheyCame() throws Exception {
        Fixture fixture = fixture(TestDatabase.H2);
        SingleConnectionDataSource autoCommitOff =
                new SingleConnectionDataSource(fixture.pool.getJdbcUrl(), "sa", "", true);
        autoCommitOff.setAutoCommit(false);
        try {
            String key = TestKeys.randomKey();
            JdbcIdempotencyStore store = fixture.store(autoCommitOff);

            BeginResult begun = store.tryBegin(key, LEASE);
            store.complete(key, begun.ownerToken(), RESULT, LEASE);

            assertThat(fixture.store(fixture.pool).get(key))
                    .as("committed: visible on another connection")
                    .map(IdempotencyRecord::state)
                    .contains(RecordState.COMPLETE);
            try (Connection connection = autoCommitOff.getConnection()) {
                assertThat(connection.getAutoCommit()).isFalse();
            }
        } finally {
            autoCommitOff.destroy();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Fixture fixture(TestDatabase database) {
        TestTables.Table table = TABLES.create(database);
        return new Fixture(database, table.name(), table.pool());
    }

    /** A table of its own, the application's pool, and a transaction manager on that pool. */
    private record Fixture(TestDatabase database, String table, HikariDataSource pool) {

        JdbcIdempotencyStore store(DataSource dataSource) {
            return new JdbcIdempotencyStore(
                    new JdbcTemplate(dataSource),
                    database.dialect(),
                    new JdbcIdempotencyStore.Options(table, LEASE, 1024, 1000));
        }

        TransactionTemplate transactions() {
            return new TransactionTemplate(new DataSourceTransactionManager(pool));
        }

        /** A write of the caller's own, through the application's template, in its transaction. */
        void businessWrite(String key) {
            new JdbcTemplate(pool)
                    .update(
                            "INSERT INTO " + table + " (idempotency_key, state, created_at, updated_at, expires_at)"
                                    + " VALUES (?, 'failed', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                            key);
        }

        boolean businessRowExists(String key) {
            Integer rows = new JdbcTemplate(pool)
                    .queryForObject("SELECT COUNT(*) FROM " + table + " WHERE idempotency_key = ?", Integer.class, key);
            return rows != null && rows > 0;
        }
    }
}
