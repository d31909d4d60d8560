package io.github.idempotency.core.memory;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.RecordState;
import java.time.Instant;

/** The records each step of a lease produces. */
final class Records {

    private Records() {}

    static IdempotencyRecord inProgress(
            String key, String ownerToken, Instant createdAt, Instant now, Instant expiresAt) {
        return new IdempotencyRecord(
                key, RecordState.IN_PROGRESS, ownerToken, createdAt, now, expiresAt, null, null, null, null);
    }

    // No hash: IdempotencyRecord.resultHash() computes it when someone asks.
    static IdempotencyRecord complete(IdempotencyRecord held, Instant now, Instant expiresAt, byte[] result) {
        return new IdempotencyRecord(
                held.key(), RecordState.COMPLETE, null, held.createdAt(), now, expiresAt, result, null, null, null);
    }

    static IdempotencyRecord failed(
            IdempotencyRecord held, Instant now, Instant expiresAt, String errorCode, String errorMessage) {
        return new IdempotencyRecord(
                held.key(),
                RecordState.FAILED,
                null,
                held.createdAt(),
                now,
                expiresAt,
                null,
                null,
                errorCode,
                errorMessage);
    }
}
