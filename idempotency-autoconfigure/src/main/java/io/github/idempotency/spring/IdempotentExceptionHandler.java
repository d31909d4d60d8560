package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.StoreFullException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers the aspect's exceptions in Spring MVC with RFC 9457 problem details: a conflict is {@code
 * 409} with {@code Retry-After} in whole seconds (rounded up, at least 1); a tenant strict mode
 * refuses is {@code 400}; a key reused with another payload fingerprint is {@code 422}; a replayed failure takes
 * the status of its exception type's {@code @ResponseStatus}, else {@code 422}; an unreachable store
 * is {@code 503} with {@code Retry-After}, as the {@code Idempotency-Key} filter answers. Ordered ahead of
 * application advice so a catch-all handler does not turn a conflict into a 500; declare a bean of
 * this type to replace it.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1000)
public class IdempotentExceptionHandler {

    // The same fixed pause the Idempotency-Key filter asks for: a store outage has no known end.
    private static final long STORE_RETRY_AFTER_SECONDS = 5;

    /**
     * Answers a duplicate that arrived while the first call was in flight.
     *
     * @param ex the conflict
     * @return {@code 409} problem details with {@code Retry-After}
     */
    @ExceptionHandler(IdempotencyConflictException.class)
    public ResponseEntity<ProblemDetail> conflict(IdempotencyConflictException ex) {
        long millis = ex.retryAfter().toMillis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT, "A request with the same idempotency key is still being processed.");
        problem.setTitle("Request in progress");
        problem.setType(URI.create("about:blank"));
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
    }

    /**
     * Answers a call whose tenant strict tenant mode refused: the client's request cannot be keyed.
     *
     * @param ex the refusal
     * @return {@code 400} problem details naming what was wrong with the tenant
     */
    @ExceptionHandler(IdempotencyTenantException.class)
    public ResponseEntity<ProblemDetail> invalidTenant(IdempotencyTenantException ex) {
        String reason = ex.getCause() == null ? "" : " " + ex.getCause().getMessage() + ".";
        return answer(
                HttpStatus.BAD_REQUEST,
                "Invalid tenant",
                "The request's tenant is not accepted for idempotency keys." + reason);
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
        return answer(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "Idempotency key reused",
                "The idempotency key was already used for a request with a different payload.");
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
        return retryLater(
                "Idempotency store unavailable",
                "The idempotency store cannot be reached; the request was not processed.");
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
        return retryLater(
                "Idempotency store full",
                "The idempotency store is full of requests in progress; the request was not processed.");
    }

    private static ResponseEntity<ProblemDetail> retryLater(String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle(title);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(STORE_RETRY_AFTER_SECONDS))
                .body(problem);
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
        HttpStatusCode status = HttpStatusCode.valueOf(422);
        String detail = "The request failed when it was first processed; the failure is replayed.";
        ResponseStatus declared = ex.failureType() == null
                ? null
                : AnnotatedElementUtils.findMergedAnnotation(ex.failureType(), ResponseStatus.class);
        if (declared != null) {
            status = declared.code();
            if (!declared.reason().isEmpty()) {
                detail = declared.reason();
            }
        }
        return answer(status, "Failure replayed", detail);
    }

    private static ResponseEntity<ProblemDetail> answer(HttpStatusCode status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }
}
