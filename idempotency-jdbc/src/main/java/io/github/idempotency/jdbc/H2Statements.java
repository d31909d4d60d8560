package io.github.idempotency.jdbc;

import static io.github.idempotency.jdbc.StoreStatements.COLUMNS;
import static io.github.idempotency.jdbc.StoreStatements.fence;

/**
 * H2 2.x: each change is one statement read through a data change delta table ({@code FINAL TABLE}
 * / {@code OLD TABLE}), which returns the changed row like {@code RETURNING}.
 */
final class H2Statements {

    private static final String NOW = "CURRENT_TIMESTAMP(3)";
    private static final String PLUS_MILLIS = "DATEADD(MILLISECOND, :millis, " + NOW + ")";
    private static final String SELECT_APPLIED = "SELECT " + COLUMNS + ", TRUE AS applied, " + NOW + " AS db_now";

    private H2Statements() {}

    static StoreStatements create(String table, int sweepBatchSize) {
        // The matched branch always updates, so FINAL TABLE yields the row whether or not it was taken.
        String expired = "r.expires_at <= s.now_at";
        String tryBegin = SELECT_APPLIED + " FROM FINAL TABLE (MERGE INTO " + table + " r USING (VALUES ("
                + "CAST(:key AS VARCHAR(256)), CAST(:owner AS VARCHAR(64)), " + NOW + ", " + PLUS_MILLIS
                + ")) s (idempotency_key, owner_token, now_at, expires_at)"
                + " ON r.idempotency_key = s.idempotency_key WHEN MATCHED THEN UPDATE SET"
                + takeOver(expired, "state", "'in_progress'")
                + "," + takeOver(expired, "owner_token", "s.owner_token")
                + "," + takeOver(expired, "created_at", "s.now_at")
                + "," + takeOver(expired, "updated_at", "s.now_at")
                + "," + takeOver(expired, "expires_at", "s.expires_at")
                + "," + takeOver(expired, "result", "NULL")
                + "," + takeOver(expired, "result_hash", "NULL")
                + "," + takeOver(expired, "error_code", "NULL")
                + "," + takeOver(expired, "error_message", "NULL")
                + " WHEN NOT MATCHED THEN INSERT (idempotency_key, state, owner_token, created_at, updated_at,"
                + " expires_at) VALUES (s.idempotency_key, 'in_progress', s.owner_token, s.now_at, s.now_at,"
                + " s.expires_at))";
        String where = " WHERE idempotency_key = :key AND " + fence(NOW);
        return new StoreStatements(
                tryBegin,
                SELECT_APPLIED + " FROM FINAL TABLE (UPDATE " + table + " SET updated_at = " + NOW + ", expires_at = "
                        + PLUS_MILLIS + where + ")",
                SELECT_APPLIED + " FROM FINAL TABLE (UPDATE " + table + " SET state = 'complete', owner_token = NULL,"
                        + " updated_at = " + NOW + ", expires_at = " + PLUS_MILLIS
                        + ", result = :result, result_hash = :resultHash, error_code = NULL, error_message = NULL"
                        + where + ")",
                SELECT_APPLIED + " FROM FINAL TABLE (UPDATE " + table + " SET state = 'failed', owner_token = NULL,"
                        + " updated_at = " + NOW + ", expires_at = " + PLUS_MILLIS
                        + ", result = NULL, result_hash = NULL, error_code = :code, error_message = :message"
                        + where + ")",
                SELECT_APPLIED + " FROM OLD TABLE (DELETE FROM " + table + where + ")",
                "SELECT " + COLUMNS + ", FALSE AS applied, " + NOW + " AS db_now FROM " + table
                        + " WHERE idempotency_key = :key",
                "SELECT " + COLUMNS + ", FALSE AS applied, " + NOW + " AS db_now FROM " + table
                        + " WHERE idempotency_key = :key AND expires_at > " + NOW,
                "DELETE FROM " + table + " WHERE idempotency_key = :key",
                "DELETE FROM " + table + " WHERE expires_at <= " + NOW + " FETCH FIRST " + sweepBatchSize
                        + " ROWS ONLY");
    }

    private static String takeOver(String condition, String column, String value) {
        return " " + column + " = CASE WHEN " + condition + " THEN " + value + " ELSE r." + column + " END";
    }
}
