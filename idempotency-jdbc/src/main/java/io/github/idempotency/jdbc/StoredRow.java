package io.github.idempotency.jdbc;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.LeaseLostException.Reason;
import io.github.idempotency.core.RecordState;
import java.sql.ResultSet;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;

/**
 * A row as a statement returned it, with the database clock at that statement.
 *
 * @param record the record, possibly expired
 * @param applied whether the statement's fenced change took effect
 * @param databaseNow the database clock when the statement ran
 */
record StoredRow(IdempotencyRecord record, boolean applied, Instant databaseNow) {

    boolean isExpired() {
        return record.isExpiredAt(databaseNow);
    }

    /**
     * Whether the row had expired when the statement met it. A statement reads the clock when it
     * starts, before it waits for a row lock, so the row it then meets may have been written on a
     * later clock: its {@code updated_at} is the latest instant known to have passed.
     */
    boolean isExpiredWhenMet() {
        Instant written = record.updatedAt();
        return record.isExpiredAt(written.isAfter(databaseNow) ? written : databaseNow);
    }

    static RowMapper<StoredRow> mapper(JdbcDialect dialect) {
        return (ResultSet rs, int row) -> {
            RecordState state = RecordState.fromWireName(rs.getString("state"));
            return new StoredRow(
                    new IdempotencyRecord(
                            rs.getString("idempotency_key"),
                            state,
                            // MariaDB keeps the last owner after completion; a record shows it only in flight
                            state == RecordState.IN_PROGRESS ? rs.getString("owner_token") : null,
                            dialect.readInstant(rs, "created_at"),
                            dialect.readInstant(rs, "updated_at"),
                            dialect.readInstant(rs, "expires_at"),
                            rs.getBytes("result"),
                            rs.getString("result_hash"),
                            rs.getString("error_code"),
                            rs.getString("error_message")),
                    rs.getBoolean("applied"),
                    dialect.readInstant(rs, "db_now"));
        };
    }

    /** Why a fenced call was refused, from the row it met (or a read of it); {@code null} when absent. */
    static Reason whyRefused(@Nullable StoredRow row, String ownerToken) {
        if (row == null || row.isExpired()) {
            return Reason.EXPIRED;
        }
        if (row.record().state() != RecordState.IN_PROGRESS) {
            return Reason.NOT_IN_PROGRESS;
        }
        if (!ownerToken.equals(row.record().ownerToken())) {
            return Reason.NOT_OWNER;
        }
        // the fence held by the time of this read: it was lost and regained in between, which a
        // unique owner token rules out, so the lease ran out at the statement's instant
        return Reason.EXPIRED;
    }
}
