package io.github.idempotency.jdbc;

/**
 * The SQL of one dialect for one table. Every statement that returns rows returns the record's
 * columns plus {@code applied} (whether a fenced change took effect) and {@code db_now} (the
 * database clock at the statement), so the store never reads the JVM clock.
 *
 * <p>Named parameters: {@code key}, {@code owner}, {@code millis} (lease or retention), {@code
 * result}, {@code resultHash}, {@code code}, {@code message}.
 *
 * @param tryBegin takes the key when absent or expired, otherwise leaves it; returns the row as it
 *     stands afterwards (acquired when its owner is the new token)
 * @param touch extends a fenced lease; returns the changed row, or none / an unapplied row
 * @param complete stores a result behind the fence
 * @param fail stores a failure behind the fence
 * @param removeFenced deletes a record behind the fence (retention zero); returns the removed row
 * @param read the row whatever its expiry, to tell why a fenced call failed
 * @param get the row unless expired
 * @param delete removes the row
 * @param sweepBatch removes up to one batch of expired rows
 */
record StoreStatements(
        String tryBegin,
        String touch,
        String complete,
        String fail,
        String removeFenced,
        String read,
        String get,
        String delete,
        String sweepBatch) {

    static final String COLUMNS = "idempotency_key, state, owner_token, created_at, updated_at, expires_at,"
            + " result, result_hash, error_code, error_message";

    /** The owner-fence condition of touch, complete and fail, given the database's now. */
    static String fence(String now) {
        return "state = 'in_progress' AND owner_token = :owner AND expires_at > " + now;
    }
}
