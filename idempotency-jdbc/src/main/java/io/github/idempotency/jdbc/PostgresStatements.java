package io.github.idempotency.jdbc;

import static io.github.idempotency.jdbc.StoreStatements.COLUMNS;
import static io.github.idempotency.jdbc.StoreStatements.fence;

/**
 * PostgreSQL: {@code INSERT ... ON CONFLICT DO UPDATE} and {@code UPDATE}/{@code DELETE ...
 * RETURNING}, each one statement. {@code statement_timestamp()} is the clock, so a caller's open
 * transaction does not freeze it.
 */
final class PostgresStatements {

    private static final String NOW = "date_trunc('milliseconds', statement_timestamp())";
    private static final String PLUS_MILLIS = "(" + NOW + " + :millis * INTERVAL '1 millisecond')";
    private static final String RETURNING = " RETURNING " + COLUMNS + ", TRUE AS applied, " + NOW + " AS db_now";

    private PostgresStatements() {}

    static StoreStatements create(String table, int sweepBatchSize) {
        // The conflict branch always writes, so RETURNING yields the current row under its lock;
        // an unexpired row is rewritten with its own values (a HOT update: no index changes).
        String expired = "r.expires_at <= excluded.created_at";
        String tryBegin = "INSERT INTO " + table + " AS r (idempotency_key, state, owner_token, created_at,"
                + " updated_at, expires_at) VALUES (:key, 'in_progress', :owner, " + NOW + ", " + NOW + ", "
                + PLUS_MILLIS + ") ON CONFLICT (idempotency_key) DO UPDATE SET"
                + takeOver(expired, "state", "excluded.state")
                + "," + takeOver(expired, "owner_token", "excluded.owner_token")
                + "," + takeOver(expired, "created_at", "excluded.created_at")
                + "," + takeOver(expired, "updated_at", "excluded.updated_at")
                + "," + takeOver(expired, "expires_at", "excluded.expires_at")
                + "," + takeOver(expired, "result", "NULL")
                + "," + takeOver(expired, "result_hash", "NULL")
                + "," + takeOver(expired, "error_code", "NULL")
                + "," + takeOver(expired, "error_message", "NULL")
                + RETURNING;
        String where = " WHERE idempotency_key = :key AND " + fence(NOW);
        return new StoreStatements(
                tryBegin,
                "UPDATE " + table + " SET updated_at = " + NOW + ", expires_at = " + PLUS_MILLIS + where + RETURNING,
                "UPDATE " + table + " SET state = 'complete', owner_token = NULL, updated_at = " + NOW
                        + ", expires_at = " + PLUS_MILLIS + ", result = :result, result_hash = :resultHash,"
                        + " error_code = NULL, error_message = NULL" + where + RETURNING,
                "UPDATE " + table + " SET state = 'failed', owner_token = NULL, updated_at = " + NOW
                        + ", expires_at = " + PLUS_MILLIS + ", result = NULL, result_hash = NULL,"
                        + " error_code = :code, error_message = :message" + where + RETURNING,
                "DELETE FROM " + table + where + RETURNING,
                "SELECT " + COLUMNS + ", FALSE AS applied, " + NOW + " AS db_now FROM " + table
                        + " WHERE idempotency_key = :key",
                "SELECT " + COLUMNS + ", FALSE AS applied, " + NOW + " AS db_now FROM " + table
                        + " WHERE idempotency_key = :key AND expires_at > " + NOW,
                "DELETE FROM " + table + " WHERE idempotency_key = :key",
                // SKIP LOCKED: concurrent sweepers on several instances split the work instead of queueing.
                // The batch is read oldest first along the expires_at index, and deleted by primary key
                // from an array: an IN (subquery) let the planner hash the batch and scan the whole
                // expired backlog to find it again, once per batch.
                "DELETE FROM " + table + " WHERE idempotency_key = ANY (ARRAY(SELECT idempotency_key FROM "
                        + table + " WHERE expires_at <= " + NOW + " ORDER BY expires_at LIMIT " + sweepBatchSize
                        + " FOR UPDATE SKIP LOCKED)) AND expires_at <= " + NOW);
    }

    private static String takeOver(String condition, String column, String value) {
        return " " + column + " = CASE WHEN " + condition + " THEN " + value + " ELSE r." + column + " END";
    }
}
