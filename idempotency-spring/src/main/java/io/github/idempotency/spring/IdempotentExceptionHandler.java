package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.StoreFullException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers the aspect's exceptions in Spring MVC with RFC 9457 problem details: a conflict is {@code
 * 409} with {@code Retry-After} in whole seconds (rounded up, at least 1); a tenant strict mode
 * refuses is {@code 400}; a key reused with another payload fingerprint is {@code 422}; a replayed failure takes
 * the status of its exception type's {@code @ResponseStatus}, else {@code 422}; an unreachable store
 * is {@code 503} with {@code Retry-After}, as the {@code Idempotency-Key} filter answers. Ordered ahead of
 * application advice so a catch-all handler does not turn a conflict into a 500; declare a bean of
 * this type to replace it. The answers are built by {@link IdempotencyProblems}; {@link
 * IdempotentWebFluxExceptionHandler} gives the same ones in Spring WebFlux.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1000)
public class IdempotentExceptionHandler {

    /**
     * Answers a duplicate that arrived while the first call was in flight.
     *
     * @param ex the conflict
     * @return {@code 409} problem details with {@code Retry-After}
     */
    @ExceptionHandler(IdempotencyConflictException.class)
    public ResponseEntity<ProblemDetail> conflict(IdempotencyConflictException ex) {
        return IdempotencyProblems.conflict(ex);
    }

    /**
     * Answers a call whose tenant strict tenant mode refused: the client's request cannot be keyed.
     *
     * @param ex the refusal
     * @return {@code 400} problem details naming what was wrong with the tenant
     */
    @ExceptionHandler(IdempotencyTenantException.class)
    public ResponseEntity<ProblemDetail> invalidTenant(IdempotencyTenantException ex) {
        return IdempotencyProblems.invalidTenant(ex);
    }

    /**
     * Answers a call that reused a key with a different payload, as the {@code Idempotency-Key}
     * filter answers a different request under the same key.
     *
     * @param ex the mismatch
     * @return {@code 422} problem details
     */
    @ExceptionHandler(IdempotencyMismatchException.class)
    public ResponseEntity<ProblemDetail> mismatch(IdempotencyMismatchException ex) {
        return IdempotencyProblems.mismatch();
    }

    /**
     * Answers a call that did not run because the store could not be reached: the method never runs
     * without a lease, so the client should retry.
     *
     * @param ex the store failure
     * @return {@code 503} problem details with {@code Retry-After}
     */
    @ExceptionHandler(IdempotencyStoreException.class)
    public ResponseEntity<ProblemDetail> storeUnavailable(IdempotencyStoreException ex) {
        return IdempotencyProblems.storeUnavailable();
    }

    /**
     * Answers a call that did not run because a bounded store is full of calls in progress: nothing
     * finished was left to give way, so the client should retry once some have finished.
     *
     * @param ex the refusal
     * @return {@code 503} problem details with {@code Retry-After}
     */
    @ExceptionHandler(StoreFullException.class)
    public ResponseEntity<ProblemDetail> storeFull(StoreFullException ex) {
        return IdempotencyProblems.storeFull();
    }

    /**
     * Answers a duplicate of a call that failed with a recorded exception. The recorded message is
     * not sent, as the application's own handler may have kept it from clients; the {@code
     * reason} of the type's {@code @ResponseStatus} is.
     *
     * @param ex the replayed failure
     * @return problem details with the recorded type's status, or {@code 422}
     */
    @ExceptionHandler(ReplayedFailureException.class)
    public ResponseEntity<ProblemDetail> replayedFailure(ReplayedFailureException ex) {
        return IdempotencyProblems.replayedFailure(ex);
    }
}
