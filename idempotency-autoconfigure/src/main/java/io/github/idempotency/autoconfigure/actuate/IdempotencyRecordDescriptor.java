package io.github.idempotency.autoconfigure.actuate;

import io.github.idempotency.core.IdempotencyRecord;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What the {@code idempotency} endpoint shows of a record. Never the stored result bytes nor the
 * owner token: only the result's size and hash, so an operator can compare results without reading
 * them.
 *
 * @param key the key
 * @param state {@code in_progress}, {@code complete} or {@code failed}
 * @param createdAt when the current lease was first acquired
 * @param updatedAt when the record last changed
 * @param expiresAt when the lease or the retention ends
 * @param resultSize the stored result's length in bytes when complete, otherwise {@code null}
 * @param resultHash the lower-case hex SHA-256 of the result when complete, otherwise {@code null}
 * @param errorCode the recorded failure's code when failed, otherwise {@code null}
 * @param errorMessage the recorded failure's message when failed, otherwise {@code null}
 */
public record IdempotencyRecordDescriptor(
        String key,
        String state,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        @Nullable Integer resultSize,
        @Nullable String resultHash,
        @Nullable String errorCode,
        @Nullable String errorMessage)
        implements OperationResponseBody {

    /**
     * Describes a record.
     *
     * @param record the record
     * @return its description, without the result bytes or the owner token
     */
    public static IdempotencyRecordDescriptor of(IdempotencyRecord record) {
        byte[] result = record.result();
        return new IdempotencyRecordDescriptor(
                record.key(),
                record.state().wireName(),
                record.createdAt(),
                record.updatedAt(),
                record.expiresAt(),
                result == null ? null : result.length,
                record.resultHash(),
                record.errorCode(),
                record.errorMessage());
    }
}
