package io.github.idempotency.jdbc;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.BeginResult.Outcome;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.OwnerTokens;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.core.TooLargeException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.function.SingletonSupplier;

/**
 * An {@link IdempotencyStore} in a relational table, shared by every instance that uses the same
 * database. Each call is one SQL statement that decides and returns the record atomically; leases
 * and retention are timed by the database clock. Only a {@code tryBegin} that waited for a racing
 * call's row lock, and met a row already expired by the time it met it, runs its statement again.
 * Create the table with the script of {@link JdbcIdempotencySchema}.
 *
 * <p>The store never joins a transaction open on the calling thread: each statement commits on its
 * own, so a rollback of the caller's work keeps the lease or result, and other instances see an
 * in-progress record at once. The one exception is {@link #completeInCurrentTransaction}, which the
 * {@code @Idempotent} aspect uses so that a result commits together with the work that produced it.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {

    /**
     * Settings of the JDBC store.
     *
     * @param tableName the table, a plain or schema-qualified identifier
     * @param defaultLease the lease used when a call passes zero or a negative lease
     * @param maxResultBytes the largest result {@code complete} accepts
     * @param sweepBatchSize how many expired rows one sweep statement deletes at most
     * @param statementTimeout how long one statement may run: the driver cancels it after this
     *     (rounded up to whole seconds), and the connection's socket gives up waiting one second
     *     later, so an unreachable database fails the call instead of hanging it; zero for none
     */
    public record Options(
            String tableName,
            Duration defaultLease,
            int maxResultBytes,
            int sweepBatchSize,
            Duration statementTimeout) {

        /** Five minutes, as the reference. */
        public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
        /** 1 MiB. */
        public static final int DEFAULT_MAX_RESULT_BYTES = 1024 * 1024;
        /** 1 000 rows per sweep statement, so a large backlog never holds long locks. */
        public static final int DEFAULT_SWEEP_BATCH_SIZE = 1000;
        /** Three seconds: a store call is one short statement, and a partition should answer soon. */
        public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(3);

        /**
         * Checks the settings.
         *
         * @throws IllegalArgumentException for an invalid table name, a lease that is not positive, a
         *     negative size or a negative statement timeout
         */
        public Options {
            JdbcIdempotencySchema.validateTableName(tableName);
            if (defaultLease.isZero() || defaultLease.isNegative()) {
                throw new IllegalArgumentException("defaultLease must be positive: " + defaultLease);
            }
            if (maxResultBytes < 0 || sweepBatchSize <= 0) {
                throw new IllegalArgumentException("maxResultBytes must be >= 0 and sweepBatchSize > 0");
            }
            if (statementTimeout.isNegative()) {
                throw new IllegalArgumentException("statementTimeout must not be negative: " + statementTimeout);
            }
        }

        /**
         * Settings with the default statement timeout of three seconds.
         *
         * @param tableName the table, a plain or schema-qualified identifier
         * @param defaultLease the lease used when a call passes zero or a negative lease
         * @param maxResultBytes the largest result {@code complete} accepts
         * @param sweepBatchSize how many expired rows one sweep statement deletes at most
         */
        public Options(String tableName, Duration defaultLease, int maxResultBytes, int sweepBatchSize) {
            this(tableName, defaultLease, maxResultBytes, sweepBatchSize, DEFAULT_STATEMENT_TIMEOUT);
        }

        /**
         * Returns these settings with another statement timeout.
         *
         * @param timeout how long one statement may run; zero for no limit
         * @return the new settings
         * @throws IllegalArgumentException for a negative timeout
         */
        public Options withStatementTimeout(Duration timeout) {
            return new Options(tableName, defaultLease, maxResultBytes, sweepBatchSize, timeout);
        }

        /**
         * Returns the defaults: table {@code idempotency_record}, a five-minute lease, 1 MiB results,
         * sweep batches of 1 000, statements limited to three seconds.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(
                    JdbcIdempotencySchema.DEFAULT_TABLE_NAME,
                    DEFAULT_LEASE,
                    DEFAULT_MAX_RESULT_BYTES,
                    DEFAULT_SWEEP_BATCH_SIZE,
                    DEFAULT_STATEMENT_TIMEOUT);
        }
    }

    private static final int TRY_BEGIN_ATTEMPTS = 3;

    private final NamedParameterJdbcTemplate jdbc;
    private final Options options;
    private final Supplier<Dialected> dialected;
    private final @Nullable TransactionJoin transactionJoin;

    /**
     * Creates a store with the default options, detecting the database on first use.
     *
     * @param dataSource the database, possibly the application's own: the store borrows its own
     *     connections and commits each statement, outside any transaction of the caller
     */
    public JdbcIdempotencyStore(DataSource dataSource) {
        this(new JdbcTemplate(dataSource), Options.defaults());
    }

    /**
     * Creates a store that detects the database from the template's {@code DataSource} on first use.
     *
     * @param jdbcTemplate the template whose {@code DataSource} the store uses; its connections are
     *     borrowed outside any transaction of the caller, with the options' statement timeout
     * @param options the settings
     */
    public JdbcIdempotencyStore(JdbcTemplate jdbcTemplate, Options options) {
        this(jdbcTemplate, null, options);
    }

    /**
     * Creates a store for a given database.
     *
     * @param jdbcTemplate the template whose {@code DataSource} the store uses; its connections are
     *     borrowed outside any transaction of the caller, with the options' statement timeout
     * @param dialect the database's dialect, or {@code null} to detect it on first use
     * @param options the settings
     * @throws IllegalArgumentException when the template has no {@code DataSource}
     */
    public JdbcIdempotencyStore(JdbcTemplate jdbcTemplate, @Nullable JdbcDialect dialect, Options options) {
        DataSource dataSource = jdbcTemplate.getDataSource();
        if (dataSource == null) {
            throw new IllegalArgumentException("The JdbcTemplate of the JDBC idempotency store has no DataSource");
        }
        // Never the caller's transaction: a rollback would erase a lease or a stored result, and an
        // in-progress record would stay invisible to other instances until the commit (they would
        // block on its row lock instead of answering a conflict). AutoCommitDataSource tells how.
        DataSource ownConnections = new AutoCommitDataSource(dataSource, StatementTimeouts.socketMillis(options));
        JdbcTemplate template = new JdbcTemplate(ownConnections);
        template.setQueryTimeout(StatementTimeouts.querySeconds(options));
        this.jdbc = new NamedParameterJdbcTemplate(template);
        this.options = options;
        this.dialected = SingletonSupplier.of(
                () -> new Dialected(dialect != null ? dialect : JdbcDialect.detect(ownConnections), options));
        this.transactionJoin = new TransactionJoin(
                AutoCommitDataSource.unwrapTransactionAware(dataSource), jdbcTemplate.getQueryTimeout(), this);
    }

    /** The view of {@link TransactionJoin}: the same table and dialect, on the transaction's connection. */
    private JdbcIdempotencyStore(NamedParameterJdbcTemplate joined, JdbcIdempotencyStore store) {
        this.jdbc = joined;
        this.options = store.options;
        this.dialected = store.dialected;
        this.transactionJoin = null;
    }

    /**
     * Returns whether the calling thread has a transaction open on this store's {@code DataSource}
     * that {@link #completeInCurrentTransaction} can write through: a Spring-managed transaction
     * whose connection for this {@code DataSource} is bound to the thread with auto-commit off.
     *
     * @return {@code false} without such a transaction, including one on another {@code DataSource}
     */
    public boolean canJoinCurrentTransaction() {
        return transactionJoin != null && transactionJoin.isOpen();
    }

    /**
     * Stores a result through the connection of the transaction open on the calling thread, fenced by
     * the owner token like {@link #complete}: the result commits with the transaction's other writes,
     * or not at all. The lease itself was committed on the store's own connection when it was taken.
     *
     * @param key the key
     * @param ownerToken the token {@code tryBegin} returned
     * @param result the result bytes
     * @param retention how long the result is replayed; zero or negative removes the record
     * @return the completed record, as the transaction sees it
     * @throws IllegalStateException when no such transaction is open ({@link
     *     #canJoinCurrentTransaction()})
     * @throws LeaseLostException when the lease has expired or another caller holds the key; the
     *     transaction must then roll back
     * @throws TooLargeException when the result is over the store's limit; nothing was written
     */
    public IdempotencyRecord completeInCurrentTransaction(
            String key, String ownerToken, byte[] result, Duration retention) {
        TransactionJoin join = transactionJoin;
        if (join == null || !join.isOpen()) {
            throw new IllegalStateException("No transaction on the JDBC idempotency store's DataSource is open");
        }
        return join.view().complete(key, ownerToken, result, retention);
    }

    /**
     * Returns the settings the store was created with.
     *
     * @return the options
     */
    public Options options() {
        return options;
    }

    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        String canonical = canonicalKey(key);
        for (int attempt = 1; ; attempt++) {
            String owner = OwnerTokens.newToken();
            MapSqlParameterSource params =
                    params(canonical).addValue("owner", owner).addValue("millis", millis(lease));
            try {
                StoredRow row = queryOne("begin", canonical, statements().tryBegin(), params);
                IdempotencyRecord record = row.record();
                if (owner.equals(record.ownerToken())) {
                    return new BeginResult(Outcome.ACQUIRED, record);
                }
                if (row.isExpiredWhenMet()) {
                    // the key was released while the statement waited for it, on a clock later than
                    // the one the statement judged expiry by: it is free, so take it with a new clock
                    if (attempt < TRY_BEGIN_ATTEMPTS) {
                        continue;
                    }
                    return new BeginResult(Outcome.CONFLICT, record); // still changing: retry later
                }
                return new BeginResult(
                        record.state() == RecordState.IN_PROGRESS ? Outcome.CONFLICT : Outcome.REPLAY, record);
            } catch (DuplicateKeyException e) {
                // H2's MERGE lets two racing inserts of a new key collide; the loser sees the winner's row
                if (attempt == TRY_BEGIN_ATTEMPTS) {
                    throw storeFailure("begin", canonical, e);
                }
            }
        }
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        String canonical = canonicalKey(key);
        MapSqlParameterSource params = fenceParams(canonical, ownerToken).addValue("millis", millis(lease));
        return fenced("touch", canonical, ownerToken, statements().touch(), params)
                .record();
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        String canonical = canonicalKey(key);
        MapSqlParameterSource params = fenceParams(canonical, ownerToken);
        if (result.length > options.maxResultBytes()) {
            throw new TooLargeException("result of " + result.length + " bytes for key " + canonical
                    + " is over the limit of " + options.maxResultBytes() + " bytes");
        }
        if (isZeroOrNegative(retention)) {
            StoredRow removed =
                    fenced("complete", canonical, ownerToken, statements().removeFenced(), params);
            return RecordValues.removedAs(
                    removed, RecordState.COMPLETE, result, RecordValues.sha256Hex(result), null, null);
        }
        params.addValue("millis", retention.toMillis())
                .addValue("result", result)
                .addValue("resultHash", RecordValues.sha256Hex(result));
        return fenced("complete", canonical, ownerToken, statements().complete(), params)
                .record();
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        String canonical = canonicalKey(key);
        MapSqlParameterSource params = fenceParams(canonical, ownerToken);
        String errorCode = RecordValues.cut(code, RecordValues.MAX_ERROR_CODE);
        String errorMessage = RecordValues.cut(message, RecordValues.MAX_ERROR_MESSAGE);
        if (isZeroOrNegative(retention)) {
            StoredRow removed =
                    fenced("fail", canonical, ownerToken, statements().removeFenced(), params);
            return RecordValues.removedAs(removed, RecordState.FAILED, null, null, errorCode, errorMessage);
        }
        params.addValue("millis", retention.toMillis())
                .addValue("code", errorCode)
                .addValue("message", errorMessage);
        return fenced("fail", canonical, ownerToken, statements().fail(), params)
                .record();
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        String canonical = canonicalKey(key);
        return query("get", canonical, statements().get(), params(canonical)).stream()
                .findFirst()
                .map(StoredRow::record);
    }

    @Override
    public void delete(String key) {
        String canonical = canonicalKey(key);
        try {
            jdbc.update(statements().delete(), params(canonical));
        } catch (DataAccessException e) {
            throw storeFailure("delete", canonical, e);
        }
    }

    /**
     * Deletes expired records in batches of {@link Options#sweepBatchSize()}, one statement per
     * batch, until a batch comes back short.
     *
     * @return how many records were removed
     */
    @Override
    public int sweep() {
        String sql = statements().sweepBatch();
        long total = 0;
        int deleted;
        do {
            try {
                deleted = jdbc.getJdbcTemplate().update(sql);
            } catch (DataAccessException e) {
                throw new IdempotencyStoreException(
                        "JDBC idempotency store failed to sweep " + options.tableName() + ": " + driverMessage(e), e);
            }
            total += deleted;
        } while (deleted >= options.sweepBatchSize());
        return (int) Math.min(total, Integer.MAX_VALUE);
    }

    /** Runs an owner-fenced statement; when it did not apply, says why from the row it saw or a read. */
    private StoredRow fenced(
            String operation, String key, String ownerToken, String sql, MapSqlParameterSource params) {
        List<StoredRow> rows = query(operation, key, sql, params);
        if (!rows.isEmpty() && rows.get(0).applied()) {
            return rows.get(0);
        }
        StoredRow seen = rows.isEmpty()
                ? query(operation, key, statements().read(), params(key)).stream()
                        .findFirst()
                        .orElse(null)
                : rows.get(0);
        throw new LeaseLostException(key, StoredRow.whyRefused(seen, ownerToken));
    }

    private StoredRow queryOne(String operation, String key, String sql, MapSqlParameterSource params) {
        List<StoredRow> rows = query(operation, key, sql, params);
        if (rows.size() != 1) {
            throw new IllegalStateException(
                    "JDBC idempotency store got " + rows.size() + " rows to " + operation + " key " + key);
        }
        return rows.get(0);
    }

    private List<StoredRow> query(String operation, String key, String sql, MapSqlParameterSource params) {
        try {
            return jdbc.query(sql, params, dialected.get().mapper());
        } catch (DuplicateKeyException e) {
            throw e; // only H2's racing MERGE, which tryBegin retries
        } catch (DataAccessException e) {
            throw storeFailure(operation, key, e);
        }
    }

    private StoreStatements statements() {
        return dialected.get().statements();
    }

    private IdempotencyStoreException storeFailure(String operation, String key, DataAccessException e) {
        return new IdempotencyStoreException(
                "JDBC idempotency store failed to " + operation + " key " + key + " in table " + options.tableName()
                        + ": " + driverMessage(e),
                e);
    }

    /**
     * The driver's own words for a failure: Spring's message repeats the whole statement, which
     * says nothing to an operator and buries the cause under a kilobyte of SQL in every log line.
     */
    private static String driverMessage(DataAccessException e) {
        Throwable cause = e.getMostSpecificCause();
        String message = cause.getMessage();
        return message == null ? cause.getClass().getName() : message;
    }

    private long millis(Duration lease) {
        return (isZeroOrNegative(lease) ? options.defaultLease() : lease).toMillis();
    }

    private static boolean isZeroOrNegative(Duration duration) {
        return duration.isZero() || duration.isNegative();
    }

    private static String canonicalKey(String key) {
        return IdempotencyKeys.parseKey(key).toKey();
    }

    private static MapSqlParameterSource params(String key) {
        return new MapSqlParameterSource("key", key);
    }

    private static MapSqlParameterSource fenceParams(String key, String ownerToken) {
        if (ownerToken == null || ownerToken.isBlank()) {
            throw new IllegalArgumentException("owner token must not be blank for key " + key);
        }
        return params(key).addValue("owner", ownerToken);
    }

    /**
     * The transaction on the calling thread, as Spring binds it to the application's {@code
     * DataSource}: {@code JdbcTemplate} on that {@code DataSource} joins it.
     */
    private static final class TransactionJoin {

        private final DataSource dataSource;
        private final JdbcIdempotencyStore view;

        TransactionJoin(DataSource dataSource, int queryTimeout, JdbcIdempotencyStore store) {
            this.dataSource = dataSource;
            JdbcTemplate template = new JdbcTemplate(dataSource);
            template.setQueryTimeout(queryTimeout);
            this.view = new JdbcIdempotencyStore(new NamedParameterJdbcTemplate(template), store);
        }

        JdbcIdempotencyStore view() {
            return view;
        }

        /**
         * Whether a transaction's connection is bound: auto-commit off means the transaction manager
         * began a transaction on it, not that a statement outside one borrowed it for the thread.
         */
        boolean isOpen() {
            if (!TransactionSynchronizationManager.isActualTransactionActive()
                    || !(TransactionSynchronizationManager.getResource(dataSource)
                            instanceof ConnectionHolder holder)) {
                return false;
            }
            try {
                return !holder.getConnection().getAutoCommit();
            } catch (SQLException | IllegalStateException e) {
                return false; // no connection held, or a closed one: nothing to join
            }
        }
    }

    /** The statements and row mapper of the resolved dialect. */
    private record Dialected(StoreStatements statements, RowMapper<StoredRow> mapper) {
        Dialected(JdbcDialect dialect, Options options) {
            this(dialect.statements(options.tableName(), options.sweepBatchSize()), StoredRow.mapper(dialect));
        }
    }
}
