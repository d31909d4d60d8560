package io.github.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.BeginResult.Outcome;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.test.RacingCalls;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** What the JDBC store adds to the contract: batched sweeps, the database clock, one statement per call. */
class JdbcIdempotencyStoreTests {

    @RegisterExtension
    static final TestTables TABLES = new TestTables();

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void sweepDeletesExpiredRowsInBatchesAndKeepsLiveOnes(TestDatabase database) {
        Fixture fixture = fixture(database);
        String live = TestKeys.randomKey();
        fixture.store.tryBegin(live, Duration.ofMinutes(5));
        // rows that expire when the live one was created, by the database clock: already expired
        Object createdAt =
                sqlTimestamp(database, fixture.store.get(live).orElseThrow().createdAt());
        List<Object[]> expired = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            expired.add(new Object[] {TestKeys.randomKey(), createdAt, createdAt, createdAt});
        }
        new JdbcTemplate(fixture.counter)
                .batchUpdate(
                        "INSERT INTO " + fixture.table
                                + " (idempotency_key, state, created_at, updated_at, expires_at)"
                                + " VALUES (?, 'in_progress', ?, ?, ?)",
                        expired);
        assertThat(fixture.store.get((String) expired.get(0)[0])).isEmpty();
        fixture.counter.reset();

        int swept = fixture.store.sweep();

        assertThat(swept).isEqualTo(2_500);
        assertThat(fixture.counter.statements())
                .as("batches of 1 000: 1 000, 1 000, 500")
                .isEqualTo(3);
        assertThat(fixture.store.get(live)).isPresent();
        assertThat(fixture.store.sweep()).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aFailureSaysWhatTheDriverSaidWithoutTheStatement(TestDatabase database) {
        TestTables.Table table = TABLES.create(database);
        String missing = table.name() + "_missing";
        JdbcIdempotencyStore store = new JdbcIdempotencyStore(
                new JdbcTemplate(table.pool()),
                database.dialect(),
                new JdbcIdempotencyStore.Options(missing, Duration.ofMinutes(5), 1024, 1000));

        assertThatExceptionOfType(IdempotencyStoreException.class)
                .isThrownBy(() -> store.tryBegin(TestKeys.randomKey(), Duration.ZERO))
                .withMessageContaining("in table " + missing)
                .withMessageContaining(missing)
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContainIgnoringCase("insert into")
                        .doesNotContainIgnoringCase("returning")
                        .hasSizeLessThan(400));
        assertThatExceptionOfType(IdempotencyStoreException.class)
                .isThrownBy(store::sweep)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase("delete from"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theSchemaCheckPassesForTheShippedTableAndFailsForAMissingOne(TestDatabase database) {
        TestTables.Table table = TABLES.create(database);

        JdbcIdempotencySchema.check(table.pool(), table.name());
        assertThatExceptionOfType(BadSqlGrammarException.class)
                .isThrownBy(() -> JdbcIdempotencySchema.check(table.pool(), table.name() + "_missing"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void schemaIndexesExpiryForTheSweep(TestDatabase database) throws Exception {
        Fixture fixture = fixture(database);
        List<String> indexed = new ArrayList<>();
        try (var connection = fixture.counter.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            for (String table : List.of(fixture.table, fixture.table.toUpperCase(Locale.ROOT))) {
                try (ResultSet rs = metaData.getIndexInfo(null, null, table, false, false)) {
                    while (rs.next()) {
                        indexed.add(String.valueOf(rs.getString("COLUMN_NAME")).toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        assertThat(indexed).contains("expires_at", "idempotency_key");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void leaseIsTimedByTheDatabaseClock(TestDatabase database) {
        Fixture fixture = fixture(database);
        Instant before = databaseNow(fixture);

        IdempotencyRecord record = fixture.store
                .tryBegin(TestKeys.randomKey(), Duration.ofSeconds(90))
                .record();

        Instant after = databaseNow(fixture);
        assertThat(record.createdAt()).isBetween(before, after);
        assertThat(record.updatedAt()).isEqualTo(record.createdAt());
        assertThat(Duration.between(record.createdAt(), record.expiresAt())).isEqualTo(Duration.ofSeconds(90));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void rowExpiredByTheDatabaseClockIsTakenOver(TestDatabase database) {
        Fixture fixture = fixture(database);
        String key = TestKeys.randomKey();
        BeginResult first = fixture.store.tryBegin(key, Duration.ofHours(1));
        // move the stored expiry to the database's past; no JVM clock is involved
        new JdbcTemplate(fixture.counter)
                .update("UPDATE " + fixture.table + " SET expires_at = created_at WHERE idempotency_key = ?", key);

        BeginResult second = fixture.store.tryBegin(key, Duration.ofHours(1));

        assertThat(second.outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThatExceptionOfType(LeaseLostException.class)
                .isThrownBy(() -> fixture.store.touch(key, first.ownerToken(), Duration.ofHours(1)))
                .extracting(LeaseLostException::reason)
                .isEqualTo(LeaseLostException.Reason.NOT_OWNER);
    }

    /**
     * Counts statements on the client: a proxy around each connection counts every statement
     * prepared or created, as {@code JdbcTemplate} prepares one per execution. Server-side
     * counters (PostgreSQL's {@code pg_stat_statements}) are not installed everywhere, so this
     * counts on our own connections instead.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void eachCallIsOneStatementAndOnlyARefusedFenceReadsAgain(TestDatabase database) {
        Fixture fixture = fixture(database);
        String key = TestKeys.randomKey();
        String other = TestKeys.randomKey();

        assertThat(statements(fixture, () -> fixture.store.tryBegin(key, Duration.ofMinutes(1))))
                .isEqualTo(1);
        String owner = fixture.store.get(key).orElseThrow().ownerToken();
        assertThat(statements(fixture, () -> fixture.store.tryBegin(key, Duration.ofMinutes(1))))
                .as("conflict")
                .isEqualTo(1);
        assertThat(statements(fixture, () -> fixture.store.touch(key, owner, Duration.ofMinutes(1))))
                .isEqualTo(1);
        assertThat(statements(fixture, () -> fixture.store.complete(key, owner, new byte[] {1}, Duration.ofHours(1))))
                .isEqualTo(1);
        assertThat(statements(fixture, () -> fixture.store.tryBegin(key, Duration.ofMinutes(1))))
                .as("replay")
                .isEqualTo(1);
        assertThat(statements(fixture, () -> fixture.store.get(key))).isEqualTo(1);
        assertThat(statements(fixture, () -> fixture.store.delete(key))).isEqualTo(1);

        String otherOwner = fixture.store.tryBegin(other, Duration.ofMinutes(1)).ownerToken();
        int refusedTouch = statements(fixture, () -> touchQuietly(fixture, other, "0".repeat(32)));
        assertThat(refusedTouch)
                .as("a refused fence: MariaDB's statement returns the row it refused, the others read it")
                .isEqualTo(database == TestDatabase.MARIADB ? 1 : 2);
        assertThat(statements(fixture, () -> fixture.store.fail(other, otherOwner, "E", "m", Duration.ZERO)))
                .as("zero retention: one fenced delete")
                .isEqualTo(1);
        assertThat(fixture.store.get(other)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void racingDuplicatesAcquireExactlyOnce(TestDatabase database) throws Exception {
        Fixture fixture = fixture(database);
        for (int round = 0; round < 20; round++) {
            String key = TestKeys.randomKey();
            List<Outcome> results = RacingCalls.race(
                    8,
                    Duration.ofMinutes(1),
                    () -> fixture.store.tryBegin(key, Duration.ofMinutes(1)).outcome());
            assertThat(results).containsOnlyOnce(Outcome.ACQUIRED).doesNotContain(Outcome.REPLAY);
        }
    }

    /**
     * A statement reads the database clock when it starts, before it waits for a row lock. Here the
     * key is released by a write on a later clock while a {@code tryBegin} waits for it: the row it
     * then meets expired the instant it was written, though not by the waiting statement's clock.
     * MariaDB's placeholders behind a stale owner's {@code touch}, {@code complete} or {@code fail}
     * are such rows. The key is free, so the caller must get it, not a replay of that row. PostgreSQL
     * and MariaDB replayed it before {@code tryBegin} judged such a row by the later clock; H2 took
     * the key either way.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRowReleasedWhileTryBeginWaitsForItIsTakenOver(TestDatabase database) throws Exception {
        Fixture fixture = fixture(database);
        String key = TestKeys.randomKey();
        String now = nowExpression(database);
        ExecutorService racer = Executors.newSingleThreadExecutor();
        try (Connection holder = fixture.counter.getConnection()) {
            holder.setAutoCommit(false);
            JdbcTemplate locked = new JdbcTemplate(new SingleConnectionDataSource(holder, true));
            locked.update(
                    "INSERT INTO " + fixture.table + " (idempotency_key, state, owner_token, created_at, updated_at,"
                            + " expires_at) VALUES (?, 'in_progress', ?, " + now + ", " + now + ", " + now + ")",
                    key,
                    "f".repeat(32));
            Future<BeginResult> waiting = racer.submit(() -> fixture.store.tryBegin(key, Duration.ofMinutes(1)));
            awaitLockWait(fixture);
            Instant seenWaiting = databaseNow(fixture);
            while (!databaseNow(fixture).isAfter(seenWaiting)) {
                Thread.onSpinWait(); // the release must be stamped later than the waiting statement's clock
            }
            locked.update(
                    "UPDATE " + fixture.table + " SET state = 'failed', owner_token = NULL, created_at = " + now
                            + ", updated_at = " + now + ", expires_at = " + now + " WHERE idempotency_key = ?",
                    key);
            holder.commit();

            BeginResult result = waiting.get(30, TimeUnit.SECONDS);

            assertThat(result.outcome()).isEqualTo(Outcome.ACQUIRED);
            assertThat(result.record().expiresAt()).isAfter(seenWaiting);
        } finally {
            racer.shutdownNow();
        }
    }

    @Test
    void unreachableDatabaseIsAStoreException() {
        DriverManagerDataSource closedPort = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/test", "x", "");
        JdbcIdempotencyStore store = new JdbcIdempotencyStore(
                new JdbcTemplate(closedPort), JdbcDialect.POSTGRESQL, JdbcIdempotencyStore.Options.defaults());
        JdbcIdempotencyStore detecting = new JdbcIdempotencyStore(closedPort);

        assertThatExceptionOfType(IdempotencyStoreException.class)
                .isThrownBy(() -> store.tryBegin(TestKeys.randomKey(), Duration.ofMinutes(1)))
                .withMessageContaining("JDBC idempotency store failed to begin key v1:local:jdbc-test:");
        assertThatExceptionOfType(IdempotencyStoreException.class)
                .isThrownBy(store::sweep)
                .withMessageContaining("failed to sweep idempotency_record");
        assertThatExceptionOfType(IdempotencyStoreException.class)
                .isThrownBy(() -> detecting.get(TestKeys.randomKey()))
                .withMessageContaining("cannot reach its database");
    }

    @Test
    void tableNameMustBeAnIdentifier() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new JdbcIdempotencyStore.Options(
                        "records; DROP TABLE users", Duration.ofMinutes(1), 1024, 1000))
                .withMessageContaining("Invalid idempotency table name");
        assertThat(JdbcIdempotencySchema.script(JdbcDialect.POSTGRESQL, "app.records"))
                .contains("CREATE TABLE IF NOT EXISTS app.records (")
                .contains("CREATE INDEX IF NOT EXISTS records_expires_at_idx ON app.records (expires_at)");
    }

    @Test
    void detectsTheDialectFromProductNames() {
        assertThat(JdbcDialect.fromProduct("PostgreSQL", "15.2")).isEqualTo(JdbcDialect.POSTGRESQL);
        assertThat(JdbcDialect.fromProduct("MariaDB", "10.11.6-MariaDB")).isEqualTo(JdbcDialect.MARIADB);
        assertThat(JdbcDialect.fromProduct("MySQL", "5.5.5-10.11.6-MariaDB")).isEqualTo(JdbcDialect.MARIADB);
        assertThat(JdbcDialect.fromProduct("H2", "2.4.240")).isEqualTo(JdbcDialect.H2);
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> JdbcDialect.fromProduct("MySQL", "8.4.0"))
                .withMessageContaining("MySQL has no INSERT ... RETURNING");
    }

    private static void touchQuietly(Fixture fixture, String key, String owner) {
        assertThatExceptionOfType(LeaseLostException.class)
                .isThrownBy(() -> fixture.store.touch(key, owner, Duration.ofMinutes(1)))
                .extracting(LeaseLostException::reason)
                .isEqualTo(LeaseLostException.Reason.NOT_OWNER);
    }

    private static int statements(Fixture fixture, Runnable call) {
        fixture.counter.reset();
        call.run();
        return fixture.counter.statements();
    }

    private static Instant databaseNow(Fixture fixture) {
        String sql = switch (fixture.database) {
            case POSTGRESQL -> "SELECT date_trunc('milliseconds', clock_timestamp()) AS db_now";
            case MARIADB -> "SELECT UTC_TIMESTAMP(3) AS db_now";
            case H2 -> "SELECT CURRENT_TIMESTAMP(3) AS db_now";
        };
        return new JdbcTemplate(fixture.counter)
                .query(sql, (rs, row) -> fixture.database.dialect().readInstant(rs, "db_now"))
                .get(0);
    }

    private static String nowExpression(TestDatabase database) {
        return switch (database) {
            case POSTGRESQL -> "date_trunc('milliseconds', clock_timestamp())";
            case MARIADB -> "UTC_TIMESTAMP(3)";
            case H2 -> "CURRENT_TIMESTAMP(3)";
        };
    }

    /**
     * Polls the database until the {@code tryBegin} on the fixture's table runs, in another session
     * than the polling one: it has read its clock and waits for the held row lock. MariaDB's
     * lock-wait tables are a cache that polling keeps from refreshing, so there, as on H2, the
     * session list shows the running statement.
     */
    private static void awaitLockWait(Fixture fixture) {
        String sql = switch (fixture.database) {
            case POSTGRESQL -> "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?";
            case MARIADB ->
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                        + " AND COMMAND = 'Query' AND INFO LIKE ?";
            case H2 ->
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID()"
                        + " AND EXECUTING_STATEMENT LIKE ?";
        };
        JdbcTemplate jdbc = new JdbcTemplate(fixture.counter);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (jdbc.queryForObject(
                        sql,
                        Integer.class,
                        (fixture.database == TestDatabase.H2 ? "%MERGE INTO " : "%INSERT INTO ") + fixture.table + " %")
                == 0) {
            assertThat(System.nanoTime())
                    .as("a tryBegin waiting for the row lock")
                    .isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** An instant as the dialect's timestamp column takes it (MariaDB: UTC wall-clock time). */
    private static Object sqlTimestamp(TestDatabase database, Instant instant) {
        return database == TestDatabase.MARIADB
                ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
                : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Fixture fixture(TestDatabase database) {
        TestTables.Table table = TABLES.create(database);
        CountingDataSource counter = new CountingDataSource(table.pool());
        JdbcIdempotencyStore store = new JdbcIdempotencyStore(
                new JdbcTemplate(counter),
                database.dialect(),
                new JdbcIdempotencyStore.Options(table.name(), Duration.ofMinutes(5), 1024 * 1024, 1000));
        return new Fixture(database, table.name(), counter, store);
    }

    private record Fixture(
            TestDatabase database, String table, CountingDataSource counter, JdbcIdempotencyStore store) {}
}
