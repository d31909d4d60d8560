package io.github.idempotency.spring;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyException;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.RecordState;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.aspectj.lang.ProceedingJoinPoint;
import org.jspecify.annotations.Nullable;

/**
 * One call of an {@code @Idempotent} method, offering the steps every {@link
 * IdempotentReturnTypeHandler} composes: {@link #begin()}, then for an acquired lease {@link
 * #lease} and {@link #proceed()} and settling the {@link Lease}; for a finished record {@link
 * #replay}; for a call in flight {@link #backoff()} and {@link #conflict}. Each step tells the
 * listeners its outcome, so every return type reports the same outcomes.
 */
public final class IdempotentCall {

    private static final Log logger = LogFactory.getLog(IdempotentCall.class);

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(250);

    private final IdempotentRuntime runtime;
    private final IdempotentMethod method;
    private final IdempotentKeyBuilder keys;
    private final IdempotentKeyBuilder.KeyInputs inputs;
    private final String key;
    private final @Nullable String fingerprint;
    private final ProceedingJoinPoint joinPoint;

    IdempotentCall(
            IdempotentRuntime runtime,
            IdempotentMethod method,
            IdempotentKeyBuilder keys,
            IdempotentKeyBuilder.KeyInputs inputs,
            String key,
            @Nullable String fingerprint,
            ProceedingJoinPoint joinPoint) {
        this.runtime = runtime;
        this.method = method;
        this.keys = keys;
        this.inputs = inputs;
        this.key = key;
        this.fingerprint = fingerprint;
        this.joinPoint = joinPoint;
    }

    /** What the key was built from, on the calling thread. */
    IdempotentKeyBuilder.KeyInputs inputs() {
        return inputs;
    }

    /** Whether the key is scoped to the principal and none was found on the calling thread. */
    boolean lacksPrincipal() {
        return method.perPrincipal() && inputs.principal() == null;
    }

    /**
     * Returns this call keyed with other inputs: the tenant or principal found where the call was
     * subscribed rather than made.
     *
     * @throws IdempotencyTenantException when strict tenant mode refuses the tenant; listeners hear
     *     {@code REJECTED}
     * @throws IdempotencyKeyException when no key can be built; listeners hear {@code REJECTED}
     */
    IdempotentCall withInputs(IdempotentKeyBuilder.KeyInputs found) {
        if (found == inputs) {
            return this;
        }
        String foundKey;
        try {
            foundKey = keys.build(method, found);
        } catch (IdempotencyKeyException ex) {
            runtime.listeners().notify(method.scope(), IdempotencyOutcome.REJECTED);
            throw ex;
        }
        return new IdempotentCall(runtime, method, keys, found, foundKey, fingerprint, joinPoint);
    }

    /**
     * Returns the call's idempotency key.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * Returns the method, as log lines and error messages name it ({@code Orders.pay(String)}).
     *
     * @return the method's description
     */
    public String description() {
        return method.description();
    }

    /**
     * Tries to take the lease on the key.
     *
     * @return acquired (go on with {@link #lease}), replay (go on with {@link #replay}) or conflict
     * @throws RuntimeException the store's exception when it cannot be reached; listeners hear {@code
     *     STORE_ERROR} and the method must not run
     */
    public BeginResult begin() {
        try {
            return runtime.store().tryBegin(key, method.lease());
        } catch (RuntimeException ex) {
            logger.warn("Idempotency store failed for key " + key + "; " + method.description() + " did not run: "
                    + ex.getMessage());
            runtime.listeners().notify(method.scope(), IdempotencyOutcome.STORE_ERROR);
            throw ex;
        }
    }

    /**
     * Starts renewing an acquired lease; the heartbeat runs until the lease is settled.
     *
     * @param acquired the result of {@link #begin()}, acquired
     * @return the lease, to settle exactly once with the method's outcome
     * @throws IdempotencyStoreException when the heartbeat is closed (the application is shutting
     *     down): the method must not run, and the heartbeat released the key at once, so a retry
     *     elsewhere can run it
     */
    public Lease lease(BeginResult acquired) {
        return lease(acquired, IdempotentTransactions.NONE);
    }

    /**
     * Starts renewing an acquired lease that is settled with the transaction open on the calling
     * thread when it is settled: the result is written through that transaction when the store can
     * join it, otherwise stored after the commit, and the key is freed after a rollback. Only a method
     * whose record is settled on the calling thread (a synchronous one) may use it.
     *
     * @param acquired the result of {@link #begin()}, acquired
     * @return the lease, to settle exactly once with the method's outcome
     */
    Lease transactionalLease(BeginResult acquired) {
        return lease(acquired, runtime.transactions());
    }

    private Lease lease(BeginResult acquired, IdempotentTransactions transactions) {
        String ownerToken = acquired.ownerToken();
        IdempotencyHeartbeat.Beat beat;
        try {
            beat = runtime.heartbeat().start(runtime.store(), key, ownerToken, method.lease(), method.heartbeat());
        } catch (RejectedExecutionException ex) {
            // the heartbeat released the key; a 503 sends the client to retry on another instance
            throw new IdempotencyStoreException(method.description() + " did not run: " + ex.getMessage(), ex);
        }
        return new Lease(ownerToken, beat, transactions);
    }

    /**
     * Refuses an asynchronous method called inside a transaction: its value arrives after the method
     * returns, when the transaction may have ended either way, so its record cannot follow it.
     *
     * @throws IllegalStateException when a transaction is open on the calling thread; the method has
     *     not run and no lease was taken
     */
    void refuseTransaction() {
        if (runtime.transactions().isOpen()) {
            throw new IllegalStateException(method.description() + " returns its value asynchronously and was"
                    + " called inside a transaction, whose outcome its idempotency record cannot follow; call it"
                    + " outside the transaction (see docs/EXACTLY-ONCE.md)");
        }
    }

    /**
     * Runs the method with its lease offered to {@link IdempotentTransactionInterceptor}, the advice
     * closest to the method, which settles it inside a transaction that begins after this aspect (a
     * {@code @Transactional} on the same method, ordered inside this aspect).
     *
     * @param lease the call's lease
     * @return the method's return value
     * @throws Throwable what the method throws
     */
    @Nullable
    Object proceed(Lease lease) throws Throwable {
        return IdempotentTransactionInterceptor.offer(lease, joinPoint);
    }

    /**
     * Runs the method (and any advice inside this aspect). May be called later than the call itself,
     * and on another thread, as a subscription to a {@code Mono} does.
     *
     * @return the method's return value
     * @throws Throwable what the method throws
     */
    public @Nullable Object proceed() throws Throwable {
        return joinPoint.proceed();
    }

    /**
     * Returns the stored result of a finished record, read as the method's result type; listeners
     * hear {@code REPLAYED}.
     *
     * @param replay the result of {@link #begin()}, a replay
     * @return the stored value, {@code null} for {@code void} or a stored {@code null}
     * @throws ReplayedFailureException when the record holds a recorded failure
     * @throws IdempotencyMismatchException when the record was written for a call with another payload
     *     fingerprint; listeners hear {@code MISMATCH} instead
     * @throws IdempotencyException when the stored bytes cannot be read as the result type
     */
    public @Nullable Object replay(BeginResult replay) {
        IdempotencyRecord record = replay.record();
        if (record.state() == RecordState.FAILED) {
            String message = Objects.requireNonNullElse(record.errorMessage(), "");
            checkFingerprint(StoredFingerprint.ofMessage(message));
            runtime.listeners().notify(method.scope(), IdempotencyOutcome.REPLAYED);
            String code = Objects.requireNonNullElse(record.errorCode(), "");
            throw new ReplayedFailureException(
                    record.key(),
                    method.scope(),
                    code,
                    StoredFingerprint.unwrapMessage(message),
                    method.recordedType(code));
        }
        byte[] stored = Objects.requireNonNullElse(record.result(), new byte[0]);
        checkFingerprint(StoredFingerprint.ofResult(stored));
        runtime.listeners().notify(method.scope(), IdempotencyOutcome.REPLAYED);
        try {
            return runtime.codec().decode(StoredFingerprint.unwrapResult(stored), method.resultType());
        } catch (RuntimeException ex) {
            throw new IdempotencyException(
                    "stored result for key " + record.key() + " cannot be read as "
                            + method.resultType().getTypeName() + " (" + method.description() + ")",
                    ex);
        }
    }

    /**
     * Refuses to replay a record written for another payload. A record without a fingerprint (written
     * before the method declared one) is replayed as it is.
     */
    private void checkFingerprint(@Nullable String stored) {
        if (fingerprint != null && stored != null && !fingerprint.equals(stored)) {
            runtime.listeners().notify(method.scope(), IdempotencyOutcome.MISMATCH);
            logger.info("Key " + key + " was first used with a different payload; " + method.description()
                    + " answers a mismatch");
            throw new IdempotencyMismatchException(key, method.scope(), method.description());
        }
    }

    /**
     * Gives up on a call in flight; listeners hear {@code CONFLICT}.
     *
     * @param conflict the result of {@link #begin()}, a conflict
     * @return the exception to deliver, saying when to retry
     */
    public IdempotencyConflictException conflict(BeginResult conflict) {
        runtime.listeners().notify(method.scope(), IdempotencyOutcome.CONFLICT);
        IdempotencyRecord record = conflict.record();
        logger.info("Key " + key + " is in flight; " + method.description() + " answers a conflict, retry after "
                + record.expiresAt());
        return new IdempotencyConflictException(
                key,
                method.scope(),
                record.expiresAt(),
                Duration.between(runtime.clock().instant(), record.expiresAt()));
    }

    /**
     * Starts the method's conflict wait: the pauses between polls of a key in flight.
     *
     * @return a fresh wait, starting now
     */
    public Backoff backoff() {
        return new Backoff(System.nanoTime() + method.conflictWait().toNanos());
    }

    /**
     * The pauses between polls of a key in flight: 10 ms, doubling to 250 ms, until the method's
     * conflict wait is over.
     */
    public static final class Backoff {

        private final long deadline;
        private Duration next = FIRST_BACKOFF;

        private Backoff(long deadline) {
            this.deadline = deadline;
        }

        /**
         * Returns how long to pause before polling again.
         *
         * @return the pause, or {@code null} when the wait is over and the conflict must be answered
         */
        public synchronized @Nullable Duration next() {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Duration pause = next.toNanos() < left ? next : Duration.ofNanos(left);
            next = next.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next.multipliedBy(2);
            return pause;
        }
    }

    /**
     * An acquired lease, renewed by the heartbeat until it is settled with the method's outcome. Only
     * the first settlement counts. A caller that stops waiting (a cancelled future or subscription)
     * does not settle it: the method's work may still be running. A lease settled inside a transaction
     * stays renewed until the transaction has ended, unless its result was written through the
     * transaction.
     */
    public final class Lease {

        private final String ownerToken;
        private final IdempotencyHeartbeat.Beat beat;
        private final IdempotentTransactions transactions;
        private final AtomicBoolean settled = new AtomicBoolean();

        private Lease(String ownerToken, IdempotencyHeartbeat.Beat beat, IdempotentTransactions transactions) {
            this.ownerToken = ownerToken;
            this.beat = beat;
            this.transactions = transactions;
        }

        /**
         * Stores the method's result; a result that cannot be stored is recorded as a failure (see
         * the docs) so the operation is not run again. Inside a transaction the result is written
         * through it when the store can join it, otherwise stored after the commit; after a rollback
         * the key is freed.
         *
         * <p>A store that cannot be reached is logged and reported, not thrown: the caller still gets
         * the result, and the result is stored again in the background while the heartbeat holds the
         * lease.
         *
         * @param result the method's value, of the method's result type
         * @throws io.github.idempotency.core.LeaseLostException when the result was to be written
         *     through the transaction and the lease had been lost: the transaction must roll back
         */
        public void completed(@Nullable Object result) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            if (transactions.isOpen()) {
                runtime.settler()
                        .completedWithTransaction(method, key, ownerToken, fingerprint, result, beat, transactions);
            } else {
                runtime.settler().completed(method, key, ownerToken, fingerprint, result, beat);
            }
        }

        /**
         * Records the method's failure by the failure policy: a recorded type is kept and replayed,
         * any other frees the key. Inside a transaction, this waits for it to end: after a rollback the
         * policy applies, after a commit the failure is recorded (the key is never freed). Store
         * trouble is attached to {@code failure} as suppressed.
         *
         * @param failure what the method threw or its asynchronous result failed with
         */
        public void failed(Throwable failure) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            if (transactions.isOpen()) {
                runtime.settler()
                        .failedWithTransaction(method, key, ownerToken, fingerprint, failure, beat, transactions);
            } else {
                beat.close();
                runtime.settler().failed(method, key, ownerToken, fingerprint, failure, method.records(failure));
            }
        }

        /** Whether settling now would follow a transaction open on this thread. */
        boolean inTransaction() {
            return transactions.isOpen();
        }
    }
}
