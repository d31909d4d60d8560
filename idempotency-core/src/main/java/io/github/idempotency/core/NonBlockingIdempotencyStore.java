package io.github.idempotency.core;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The calls of an {@link IdempotencyStore} that never block the calling thread, for callers that
 * must not block (an event loop). A store offers them through {@link IdempotencyStore#nonBlocking()}.
 *
 * <p>Each method means exactly what the blocking method of the same name means: the same records,
 * the same fencing, the same outcomes. What the blocking method throws, the stage completes
 * exceptionally with, unwrapped: an unreachable store with {@link IdempotencyStoreException}, a lost
 * lease with {@link LeaseLostException}, a result over the limit with {@link TooLargeException}, an
 * invalid key with {@link InvalidKeyException}, a blank owner token with {@link
 * IllegalArgumentException}. The methods themselves never throw.
 *
 * <p>Which thread completes the stage: the thread that receives the store's reply, which belongs to
 * the store's client (for Redis, one of Lettuce's I/O threads) and serves every other call in
 * flight; or the calling thread, with a stage already complete, when the call fails before anything
 * is sent (an invalid key, a result over the limit). A caller should hand any lengthy work that
 * follows to a thread of its own, not run it in a dependent action of the stage.
 */
public interface NonBlockingIdempotencyStore {

    /**
     * Acquires a lease on the key, or reports why not, as {@link IdempotencyStore#tryBegin}.
     *
     * @param key a valid key
     * @param lease how long the lease lasts; zero or negative means the store's default lease
     * @return completes with {@code ACQUIRED}, {@code REPLAY} or {@code CONFLICT} and the record
     */
    CompletionStage<BeginResult> tryBeginAsync(String key, Duration lease);

    /**
     * Stores the result, as {@link IdempotencyStore#complete}.
     *
     * @param key a valid key
     * @param ownerToken the token {@code tryBegin} returned
     * @param result the result bytes, possibly empty
     * @param retention how long the result is replayed; zero or negative removes the record at once
     * @return completes with the completed record, or with {@link TooLargeException} (the lease stays
     *     held) or {@link LeaseLostException}
     */
    CompletionStage<IdempotencyRecord> completeAsync(String key, String ownerToken, byte[] result, Duration retention);

    /**
     * Records a failure, as {@link IdempotencyStore#fail}.
     *
     * @param key a valid key
     * @param ownerToken the token {@code tryBegin} returned
     * @param code a short machine-readable failure code
     * @param message a human-readable message
     * @param retention how long the failure is replayed; zero or negative removes the record at once
     * @return completes with the failed record, or with {@link LeaseLostException}
     */
    CompletionStage<IdempotencyRecord> failAsync(
            String key, String ownerToken, String code, String message, Duration retention);
}
