package io.github.idempotency.core;

/**
 * What {@link IdempotencyStore#tryBegin} found: switch on {@link #outcome()}.
 *
 * @param outcome whether the caller acquired the lease, should replay, or collided with a call in flight
 * @param record the record as it stands after the call: the new lease when acquired, the finished
 *     record to replay, or the record in flight (its {@code expiresAt} says when to retry)
 */
public record BeginResult(Outcome outcome, IdempotencyRecord record) {

    /** The three ways a {@code tryBegin} can end. */
    public enum Outcome {
        /** The caller holds a new lease and must run the operation, then complete or fail it. */
        ACQUIRED,
        /** The operation already finished (complete or failed): replay the record, do not run. */
        REPLAY,
        /** Another caller holds an unexpired lease: do not run; retry after the record's expiry. */
        CONFLICT
    }

    /**
     * Returns the owner token of the lease just acquired.
     *
     * @return the token to pass to touch, complete and fail
     * @throws IllegalStateException when the outcome is not {@link Outcome#ACQUIRED}
     */
    public String ownerToken() {
        String token = record.ownerToken();
        if (outcome != Outcome.ACQUIRED || token == null) {
            throw new IllegalStateException("no lease was acquired for " + record.key() + ": " + outcome);
        }
        return token;
    }
}
