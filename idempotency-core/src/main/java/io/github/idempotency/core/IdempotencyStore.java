package io.github.idempotency.core;

import java.time.Duration;
import java.util.Optional;

/**
 * The lease-based store behind every idempotent call.
 *
 * <p>Every method validates its key ({@link InvalidKeyException}) and, where it takes one, rejects a
 * blank owner token ({@link IllegalArgumentException}). A record whose expiry has passed is absent
 * to every call. Owner-fenced calls ({@link #touch}, {@link #complete}, {@link #fail}) change the
 * record in one atomic step only while the caller's token still holds an unexpired lease, and throw
 * {@link LeaseLostException} otherwise, so a holder that was taken over can never overwrite the new
 * holder. A store that cannot be reached throws {@link IdempotencyStoreException}.
 */
public interface IdempotencyStore {

    /**
     * Acquires a lease on the key, or reports why not.
     *
     * @param key a valid key
     * @param lease how long the lease lasts; zero or negative means the store's default lease
     * @return {@code ACQUIRED} with a new in-progress record and a fresh owner token when the key is
     *     absent or expired; {@code REPLAY} with the record when it is complete or failed;
     *     {@code CONFLICT} with the record when another lease is in flight
     */
    BeginResult tryBegin(String key, Duration lease);

    /**
     * Extends the lease of an in-progress record held by {@code ownerToken} to now plus {@code lease}.
     *
     * @param key a valid key
     * @param ownerToken the token {@link #tryBegin} returned
     * @param lease the new lease length from now; zero or negative means the store's default lease
     * @return the updated record
     * @throws LeaseLostException when the record is absent or expired, no longer in progress, or held
     *     by another owner
     */
    IdempotencyRecord touch(String key, String ownerToken, Duration lease);

    /**
     * Stores the result and its SHA-256, clears the owner and keeps the record for {@code retention}.
     *
     * @param key a valid key
     * @param ownerToken the token {@link #tryBegin} returned
     * @param result the result bytes, possibly empty
     * @param retention how long the result is replayed; zero or negative removes the record at once
     * @return the completed record
     * @throws TooLargeException when the result is over the store's limit; the lease stays held
     * @throws LeaseLostException as for {@link #touch}
     */
    IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention);

    /**
     * Records a failure: code and message trimmed and cut to 64 and 512 characters, any result
     * cleared, the owner cleared, kept for {@code retention}.
     *
     * @param key a valid key
     * @param ownerToken the token {@link #tryBegin} returned
     * @param code a short machine-readable failure code
     * @param message a human-readable message
     * @param retention how long the failure is replayed; zero or negative removes the record at
     *     once, so the key is free for a retry
     * @return the failed record
     * @throws LeaseLostException as for {@link #touch}
     */
    IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention);

    /**
     * Reads a record.
     *
     * @param key a valid key
     * @return the record, or empty when it is absent or expired
     */
    Optional<IdempotencyRecord> get(String key);

    /**
     * Removes a record whatever its state; removing an absent key does nothing.
     *
     * @param key a valid key
     */
    void delete(String key);

    /**
     * Removes expired records. Stores whose server expires records itself return 0. No store starts
     * a background thread of its own; schedule this where it is needed.
     *
     * @return how many records were removed
     */
    int sweep();

    /**
     * Returns the calls of this store that never block the calling thread, if it has them. A store
     * whose client has a non-blocking API (Redis through a reactive connection) offers {@code
     * tryBegin}, {@code complete} and {@code fail} that way; a caller that must not block (an event
     * loop) uses them, and runs the blocking methods on a thread that may block when they are absent.
     * A store that wraps another store forwards this.
     *
     * @return the non-blocking calls on the same records; empty by default
     */
    default Optional<NonBlockingIdempotencyStore> nonBlocking() {
        return Optional.empty();
    }
}
