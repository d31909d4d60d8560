package io.github.idempotency.core;

import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One idempotency entry, as a store returns it.
 *
 * <p>{@code expiresAt} is the end of the lease while the record is {@link RecordState#IN_PROGRESS},
 * and the end of retention once it is {@link RecordState#COMPLETE} or {@link RecordState#FAILED}.
 * Timestamps have millisecond precision. The result array is not copied: do not modify it.
 *
 * @param key the validated key
 * @param state the state
 * @param ownerToken the lease holder's token while in progress, otherwise {@code null}
 * @param createdAt when the current lease was first acquired
 * @param updatedAt when the record last changed
 * @param expiresAt when the lease or the retention ends
 * @param result the stored result bytes when complete, otherwise {@code null}
 * @param resultHash the lower-case hex SHA-256 of {@code result} as the store kept it, or {@code null}
 *     for a store that leaves it to {@link #resultHash()}
 * @param errorCode the recorded failure's code when failed, otherwise {@code null}
 * @param errorMessage the recorded failure's message when failed, otherwise {@code null}
 */
public record IdempotencyRecord(
        String key,
        RecordState state,
        @Nullable String ownerToken,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        byte @Nullable [] result,
        @Nullable String resultHash,
        @Nullable String errorCode,
        @Nullable String errorMessage) {

    /**
     * Returns whether the record has expired at the given instant: expiry is inclusive, so a record
     * whose {@code expiresAt} equals {@code now} is expired.
     *
     * @param now the current time
     * @return {@code true} when {@code now} is at or after {@code expiresAt}
     */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * Returns the lower-case hex SHA-256 of the result: the hash the store kept, or, when it kept none
     * for a record holding a result, the hash computed now from {@link #result()} (the memory store
     * leaves it to this method, so a caller that never reads it does not pay for it).
     *
     * @return 64 lower-case hex characters when the record holds a result, otherwise {@code null}
     */
    @Override
    public @Nullable String resultHash() {
        if (resultHash == null && result != null) {
            return ResultHashes.sha256Hex(result);
        }
        return resultHash;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof IdempotencyRecord that
                && key.equals(that.key)
                && state == that.state
                && java.util.Objects.equals(ownerToken, that.ownerToken)
                && createdAt.equals(that.createdAt)
                && updatedAt.equals(that.updatedAt)
                && expiresAt.equals(that.expiresAt)
                && Arrays.equals(result, that.result)
                && java.util.Objects.equals(resultHash(), that.resultHash())
                && java.util.Objects.equals(errorCode, that.errorCode)
                && java.util.Objects.equals(errorMessage, that.errorMessage);
    }

    // Leaves out the result and its hash: equal records agree on the rest, and hashing here would cost a SHA-256.
    @Override
    public int hashCode() {
        return java.util.Objects.hash(key, state, ownerToken, createdAt, expiresAt);
    }

    @Override
    public String toString() {
        return "IdempotencyRecord[key=" + key + ", state=" + state.wireName() + ", createdAt=" + createdAt
                + ", updatedAt=" + updatedAt + ", expiresAt=" + expiresAt
                + (result == null ? "" : ", result=" + result.length + " bytes")
                + (errorCode == null ? "" : ", errorCode=" + errorCode) + "]";
    }
}
