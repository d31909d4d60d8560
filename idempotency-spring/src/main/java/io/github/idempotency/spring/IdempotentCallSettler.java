package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.TooLargeException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Records how a call that ran ended: its result, a recorded failure, or a freed key, at once or, for
 * a call inside a transaction, with the transaction. A lost lease is logged and reported, never
 * written over the new holder.
 */
final class IdempotentCallSettler {

    private static final Log logger = LogFactory.getLog(IdempotentCallSettler.class);

    private static final String ROLLED_BACK_CODE = "TransactionRolledBack";

    private final IdempotencyStore store;
    private final IdempotentResultCodec codec;
    private final IdempotencyListeners listeners;
    private final IdempotentCompletionRetry retry;

    IdempotentCallSettler(IdempotencyStore store, IdempotentResultCodec codec, IdempotencyListeners listeners) {
        this.store = store;
        this.codec = codec;
        this.listeners = listeners;
        this.retry = new IdempotentCompletionRetry(store);
    }

    /**
     * Stores the result. A result that cannot be serialised or is over the store's limit is recorded
     * as a failure for the result's retention, so the operation, which did run, is never silently
     * re-executed by a duplicate. A store that cannot be reached is logged and reported as {@code
     * STORE_ERROR}, never thrown: the method ran, and its caller gets its result (as the HTTP filter
     * sends the response). The result is then stored again in the background, pausing 100 ms,
     * doubling to 2 s, between attempts, for up to one lease, while the heartbeat goes on renewing the
     * lease, so a duplicate gets a conflict, then the replay; only when that fails too is the key left
     * to be freed when its lease ends. The heartbeat stops once the record is settled or given up.
     */
    void completed(
            IdempotentMethod method,
            String key,
            String ownerToken,
            @Nullable String fingerprint,
            @Nullable Object result,
            IdempotencyHeartbeat.Beat beat) {
        byte[] bytes;
        try {
            bytes = StoredFingerprint.wrapResult(fingerprint, codec.encode(result, method.resultType()));
        } catch (RuntimeException ex) {
            logger.error(
                    "Result of " + method.description() + " for idempotency key " + key
                            + " cannot be serialised; duplicates get a replayed failure",
                    ex);
            beat.close();
            settleFailure(method, key, () -> recordFailure(key, ownerToken, fingerprint, ex, method.retention()));
            return;
        }
        try {
            store.complete(key, ownerToken, bytes, method.retention());
            beat.close();
            listeners.notify(method.scope(), IdempotencyOutcome.EXECUTED);
        } catch (TooLargeException ex) {
            logger.error("Result of " + method.description() + " for idempotency key " + key
                    + " is too large to store; duplicates get a replayed failure: " + ex.getMessage());
            beat.close();
            settleFailure(method, key, () -> recordFailure(key, ownerToken, fingerprint, ex, method.retention()));
        } catch (LeaseLostException ex) {
            beat.close();
            leaseLost(method, key, ex);
        } catch (RuntimeException ex) {
            logger.error(
                    "Could not store the result of " + method.description() + " for idempotency key " + key
                            + "; the caller gets the result, and the result is stored again while the lease is"
                            + " held",
                    ex);
            listeners.notify(method.scope(), IdempotencyOutcome.STORE_ERROR);
            retry.start(method, key, ownerToken, bytes, beat);
        }
    }

    /** Stores a result that the store refused, as a failure; reports the outcome like {@code completed}. */
    private void settleFailure(IdempotentMethod method, String key, Runnable record) {
        try {
            record.run();
            listeners.notify(method.scope(), IdempotencyOutcome.EXECUTED);
        } catch (LeaseLostException ex) {
            leaseLost(method, key, ex);
        } catch (RuntimeException ex) {
            logger.error(
                    "Could not record the result of " + method.description() + " for idempotency key " + key
                            + " as a failure; a duplicate may run again once the lease ends",
                    ex);
            listeners.notify(method.scope(), IdempotencyOutcome.STORE_ERROR);
        }
    }

    /**
     * Settles a result inside the transaction open on the calling thread. When the store can join it,
     * the result is written through it now, fenced by the owner token, and the heartbeat stops (the
     * transaction's lock on the record holds it now); a lost lease is thrown, so the transaction rolls
     * back and the work is not committed twice. Otherwise the heartbeat goes on until the transaction
     * ends. Once it has: after a commit the result is stored (when not written already), after a
     * rollback the key is freed at once, and after an unknown outcome the lease is left to expire.
     *
     * @throws LeaseLostException when the result was to be written through the transaction and the
     *     lease had been lost
     */
    void completedWithTransaction(
            IdempotentMethod method,
            String key,
            String ownerToken,
            @Nullable String fingerprint,
            @Nullable Object result,
            IdempotencyHeartbeat.Beat beat,
            IdempotentTransactions transactions) {
        AtomicBoolean written = new AtomicBoolean();
        transactions.afterCompletion(outcome -> {
            if (outcome == IdempotentTransactions.Outcome.COMMITTED && !written.get()) {
                completed(method, key, ownerToken, fingerprint, result, beat);
                return;
            }
            beat.close();
            switch (outcome) {
                case COMMITTED -> listeners.notify(method.scope(), IdempotencyOutcome.EXECUTED);
                case ROLLED_BACK -> release(method, key, ownerToken);
                case UNKNOWN -> unknownOutcome(method, key);
            }
        });
        byte[] bytes = transactions.canJoin() ? encodeOrNull(method, fingerprint, result) : null;
        if (bytes == null) {
            return;
        }
        beat.close();
        try {
            transactions.completeInTransaction(key, ownerToken, bytes, method.retention());
            written.set(true);
        } catch (TooLargeException ex) {
            // recorded as a failure after the commit, as outside a transaction
        } catch (LeaseLostException ex) {
            leaseLost(method, key, ex);
            throw ex;
        }
    }

    /**
     * Settles a failure inside the transaction open on the calling thread, once it has ended: after
     * a rollback by the failure policy, after a commit by recording the failure (for the failure
     * retention when its type is recorded, otherwise for the result retention), since the key of work
     * that committed is never freed; after an unknown outcome the lease is left to expire.
     */
    void failedWithTransaction(
            IdempotentMethod method,
            String key,
            String ownerToken,
            @Nullable String fingerprint,
            Throwable failure,
            IdempotencyHeartbeat.Beat beat,
            IdempotentTransactions transactions) {
        boolean recorded = method.records(failure);
        transactions.afterCompletion(outcome -> {
            beat.close();
            switch (outcome) {
                case ROLLED_BACK -> failed(method, key, ownerToken, fingerprint, failure, recorded);
                case COMMITTED -> {
                    try {
                        recordFailure(
                                key,
                                ownerToken,
                                fingerprint,
                                failure,
                                recorded ? method.failureRetention() : method.retention());
                        listeners.notify(method.scope(), IdempotencyOutcome.EXECUTED);
                    } catch (LeaseLostException ex) {
                        leaseLost(method, key, ex);
                    } catch (RuntimeException ex) {
                        logger.error(
                                "Could not record the failure of " + method.description() + " for idempotency key "
                                        + key + " after its transaction committed; a duplicate may run again once"
                                        + " the lease ends",
                                ex);
                        listeners.notify(method.scope(), IdempotencyOutcome.STORE_ERROR);
                    }
                }
                case UNKNOWN -> unknownOutcome(method, key);
            }
        });
    }

    private @Nullable byte[] encodeOrNull(
            IdempotentMethod method, @Nullable String fingerprint, @Nullable Object result) {
        try {
            return StoredFingerprint.wrapResult(fingerprint, codec.encode(result, method.resultType()));
        } catch (RuntimeException ex) {
            return null; // recorded as a failure after the commit, as outside a transaction
        }
    }

    /** Frees the key of work whose transaction rolled back, so that a retry runs it. */
    private void release(IdempotentMethod method, String key, String ownerToken) {
        try {
            store.fail(key, ownerToken, ROLLED_BACK_CODE, "the transaction rolled back", Duration.ZERO);
            logger.info("Transaction of " + method.description() + " rolled back; idempotency key " + key
                    + " is free for a retry");
        } catch (LeaseLostException ex) {
            logger.info("Transaction of " + method.description() + " rolled back after the lease on idempotency key "
                    + key + " was lost (" + ex.reason() + ")");
        } catch (RuntimeException ex) {
            logger.warn(
                    "Transaction of " + method.description() + " rolled back but idempotency key " + key
                            + " could not be freed; it is free once its lease ends",
                    ex);
            listeners.notify(method.scope(), IdempotencyOutcome.STORE_ERROR);
        }
    }

    private void unknownOutcome(IdempotentMethod method, String key) {
        logger.warn("Transaction of " + method.description() + " ended with an unknown outcome; idempotency key " + key
                + " stays as it is (taken until its lease ends, or settled if the commit carried its result)");
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
