package io.github.idempotency.jdbc;

import static io.github.idempotency.jdbc.StoreStatements.COLUMNS;
import static io.github.idempotency.jdbc.StoreStatements.fence;

import java.util.List;

/**
 * MariaDB 10.5+: every call is one {@code INSERT ... ON DUPLICATE KEY UPDATE ... RETURNING}, because
 * MariaDB's {@code UPDATE} has no {@code RETURNING}. MariaDB evaluates the assignments left to right,
 * each seeing the ones before, so the columns a condition reads are assigned last.
 *
 * <p>touch, complete and fail insert an already-expired placeholder when the key is absent (absent
 * to every call, removed by the next sweep). Complete and fail keep the owner token in its column
 * (the record shows it only while in progress), so the returned row tells whether this call's
 * change is the one stored: same owner, same hash or error, {@code updated_at} of this statement.
 * Only the zero-retention removal uses {@code DELETE ... RETURNING} and reads the row again when
 * the fence refuses.
 */
final class MariaDbStatements {

    private static final String NOW = "UTC_TIMESTAMP(3)";
    private static final String PLUS_MILLIS = "TIMESTAMPADD(MICROSECOND, :millis * 1000, " + NOW + ")";
    private static final String INSERT_COLUMNS =
            " (idempotency_key, state, owner_token, created_at, updated_at, expires_at)";

    private MariaDbStatements() {}

    static StoreStatements create(String table, int sweepBatchSize) {
        String expired = "expires_at <= VALUES(created_at)";
        String tryBegin = "INSERT INTO " + table + INSERT_COLUMNS + " VALUES (:key, 'in_progress', :owner, " + NOW
                + ", " + NOW + ", " + PLUS_MILLIS + ") ON DUPLICATE KEY UPDATE"
                + takeOver(expired, "state", "VALUES(state)")
                + "," + takeOver(expired, "owner_token", "VALUES(owner_token)")
                + "," + takeOver(expired, "created_at", "VALUES(created_at)")
                + "," + takeOver(expired, "updated_at", "VALUES(updated_at)")
                + "," + takeOver(expired, "result", "NULL")
                + "," + takeOver(expired, "result_hash", "NULL")
                + "," + takeOver(expired, "error_code", "NULL")
                + "," + takeOver(expired, "error_message", "NULL")
                + "," + takeOver(expired, "expires_at", "VALUES(expires_at)")
                + " RETURNING " + COLUMNS + ", TRUE AS applied, " + NOW + " AS db_now";
        return new StoreStatements(
                tryBegin,
                fenced(
                        table,
                        List.of("updated_at", NOW, "expires_at", PLUS_MILLIS),
                        "state = 'in_progress' AND owner_token = :owner AND expires_at > " + NOW),
                fenced(
                        table,
                        List.of(
                                "result", ":result",
                                "result_hash", ":resultHash",
                                "error_code", "NULL",
                                "error_message", "NULL",
                                "updated_at", NOW,
                                "expires_at", PLUS_MILLIS,
                                "state", "'complete'"),
                        "state = 'complete' AND owner_token = :owner AND updated_at = " + NOW
                                + " AND result_hash = :resultHash"),
                fenced(
                        table,
                        List.of(
                                "result", "NULL",
                                "result_hash", "NULL",
                                "error_code", ":code",
                                "error_message", ":message",
                                "updated_at", NOW,
                                "expires_at", PLUS_MILLIS,
                                "state", "'failed'"),
                        "state = 'failed' AND owner_token = :owner AND updated_at = " + NOW
                                + " AND error_code = :code AND error_message = :message"),
                "DELETE FROM " + table + " WHERE idempotency_key = :key AND " + fence(NOW) + " RETURNING " + COLUMNS
                        + ", TRUE AS applied, " + NOW + " AS db_now",
                "SELECT " + COLUMNS + ", FALSE AS applied, " + NOW + " AS db_now FROM " + table
                        + " WHERE idempotency_key = :key",
                "SELECT " + COLUMNS + ", FALSE AS applied, " + NOW + " AS db_now FROM " + table
                        + " WHERE idempotency_key = :key AND expires_at > " + NOW,
                "DELETE FROM " + table + " WHERE idempotency_key = :key",
                "DELETE FROM " + table + " WHERE expires_at <= " + NOW + " ORDER BY expires_at LIMIT "
                        + sweepBatchSize);
    }

    /**
     * An owner-fenced change of the given column/value pairs that returns the row. Each assignment
     * tests the fence; the owner token stays, and the changes to {@code expires_at} and {@code state}
     * come last and keep the fence's answer for the assignments after them. {@code applied} is then
     * read from the row the statement leaves: it shows our change.
     */
    private static String fenced(String table, List<String> assignments, String applied) {
        StringBuilder sql = new StringBuilder("INSERT INTO ")
                .append(table)
                .append(INSERT_COLUMNS)
                .append(" VALUES (:key, 'failed', NULL, ")
                .append(NOW)
                .append(", ")
                .append(NOW)
                .append(", ")
                .append(NOW)
                .append(") ON DUPLICATE KEY UPDATE ");
        for (int i = 0; i < assignments.size(); i += 2) {
            String column = assignments.get(i);
            sql.append(i == 0 ? "" : ", ")
                    .append(column)
                    .append(" = CASE WHEN ")
                    .append(fence(NOW))
                    .append(" THEN ")
                    .append(assignments.get(i + 1))
                    .append(" ELSE ")
                    .append(column)
                    .append(" END");
        }
        return sql.append(" RETURNING ")
                .append(COLUMNS)
                .append(", COALESCE(")
                .append(applied)
                .append(", FALSE) AS applied, ")
                .append(NOW)
                .append(" AS db_now")
                .toString();
    }

    private static String takeOver(String condition, String column, String value) {
        return " " + column + " = CASE WHEN " + condition + " THEN " + value + " ELSE " + column + " END";
    }
}
