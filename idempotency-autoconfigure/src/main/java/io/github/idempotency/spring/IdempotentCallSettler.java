package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.TooLargeException;
import java.time.Duration;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Records how a call that ran ended: its result, a recorded failure, or a freed key. A lost lease
 * is logged and reported, never written over the new holder.
 */
final class IdempotentCallSettler {

    private static final Log logger = LogFactory.getLog(IdempotentCallSettler.class);

    private final IdempotencyStore store;
    private final IdempotentResultCodec codec;
    private final IdempotencyListeners listeners;

    IdempotentCallSettler(IdempotencyStore store, IdempotentResultCodec codec, IdempotencyListeners listeners) {
        this.store = store;
        this.codec = codec;
        this.listeners = listeners;
    }

    /**
     * Stores the result. A result that cannot be serialised or is over the store's limit is recorded
     * as a failure for the result's retention, so the operation, which did run, is never silently
     * re-executed by a duplicate. A store that cannot be reached is logged and reported as {@code
     * STORE_ERROR}, never thrown: the method ran, and its caller gets its result (as the HTTP filter
     * sends the response); the key stays taken until the lease ends.
     */
    void completed(
            IdempotentMethod method,
            String key,
            String ownerToken,
            @Nullable String fingerprint,
            @Nullable Object result) {
        try {
            byte[] bytes;
            try {
                bytes = StoredFingerprint.wrapResult(fingerprint, codec.encode(result, method.resultType()));
            } catch (RuntimeException ex) {
                logger.error(
                        "Result of " + method.description() + " for idempotency key " + key
                                + " cannot be serialised; duplicates get a replayed failure",
                        ex);
                recordFailure(key, ownerToken, fingerprint, ex, method.retention());
                listeners.notify(method.scope(), IdempotencyOutcome.EXECUTED);
                return;
            }
            try {
                store.complete(key, ownerToken, bytes, method.retention());
            } catch (TooLargeException ex) {
                logger.error("Result of " + method.description() + " for idempotency key " + key
                        + " is too large to store; duplicates get a replayed failure: " + ex.getMessage());
                recordFailure(key, ownerToken, fingerprint, ex, method.retention());
            }
            listeners.notify(method.scope(), IdempotencyOutcome.EXECUTED);
        } catch (LeaseLostException ex) {
            leaseLost(method, key, ex);
        } catch (RuntimeException ex) {
            logger.error(
                    "Could not store the result of " + method.description() + " for idempotency key " + key
                            + "; the caller gets the result, and a duplicate may run again once the lease ends",
                    ex);
            listeners.notify(method.scope(), IdempotencyOutcome.STORE_ERROR);
        }
    }

    /**
     * Records a failure: a recorded type for the failure retention, any other with no retention,
     * which frees the key at once. Store trouble is attached to the method's exception as suppressed,
     * since that exception is what the caller must see.
     */
    void failed(
            IdempotentMethod method,
            String key,
            String ownerToken,
            @Nullable String fingerprint,
            Throwable failure,
            boolean recorded) {
        try {
            recordFailure(key, ownerToken, fingerprint, failure, recorded ? method.failureRetention() : Duration.ZERO);
            listeners.notify(method.scope(), IdempotencyOutcome.EXECUTED);
        } catch (LeaseLostException ex) {
            leaseLost(method, key, ex);
            failure.addSuppressed(ex);
        } catch (RuntimeException ex) {
            logger.warn(
                    "Could not record the failure of " + method.description() + " for idempotency key " + key
                            + "; the key stays taken until its lease ends",
                    ex);
            listeners.notify(method.scope(), IdempotencyOutcome.STORE_ERROR);
            failure.addSuppressed(ex);
        }
    }

    private void leaseLost(IdempotentMethod method, String key, LeaseLostException ex) {
        logger.warn(method.description() + " ran but lost its lease on idempotency key " + key + " (" + ex.reason()
                + "); its outcome was not recorded");
        listeners.notify(method.scope(), IdempotencyOutcome.LEASE_LOST);
    }

    /** Stores the failure as the replayed failure that duplicates get. */
    private void recordFailure(
            String key, String ownerToken, @Nullable String fingerprint, Throwable failure, Duration retention) {
        store.fail(
                key,
                ownerToken,
                ReplayedFailureException.codeOf(failure.getClass()),
                StoredFingerprint.wrapMessage(fingerprint, message(failure)),
                retention);
    }

    private static String message(Throwable failure) {
        return Objects.requireNonNullElse(failure.getMessage(), "");
    }
}
