package io.github.idempotency.spring;

import java.net.URI;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The RFC 9457 problem details that answer the aspect's exceptions, the same in Spring MVC ({@link
 * IdempotentExceptionHandler}) and Spring WebFlux ({@link IdempotentWebFluxExceptionHandler}). Each
 * method gives the whole answer: status, {@code Retry-After} where the client should retry, and the
 * problem body. No exception message reaches the client.
 */
public final class IdempotencyProblems {

    // The same fixed pause the Idempotency-Key filter asks for: a store outage has no known end.
    private static final long STORE_RETRY_AFTER_SECONDS = 5;

    private IdempotencyProblems() {}

    /**
     * Answers a duplicate that arrived while the first call was in flight.
     *
     * @param ex the conflict
     * @return {@code 409} with {@code Retry-After} in whole seconds, rounded up, at least 1
     */
    public static ResponseEntity<ProblemDetail> conflict(IdempotencyConflictException ex) {
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
     * @return {@code 400}, naming what was wrong with the tenant
     */
    public static ResponseEntity<ProblemDetail> invalidTenant(IdempotencyTenantException ex) {
        String reason = ex.getCause() == null ? "" : " " + ex.getCause().getMessage() + ".";
        return answer(
                HttpStatus.BAD_REQUEST,
                "Invalid tenant",
                "The request's tenant is not accepted for idempotency keys." + reason);
    }

    /**
     * Answers a call that reused a key with a different payload.
     *
     * @return {@code 422}
     */
    public static ResponseEntity<ProblemDetail> mismatch() {
        // 422 by number: Spring Framework 7 names it UNPROCESSABLE_CONTENT, 6.2 UNPROCESSABLE_ENTITY.
        return answer(
                HttpStatusCode.valueOf(422),
                "Idempotency key reused",
                "The idempotency key was already used for a request with a different payload.");
    }

    /**
     * Answers a call that did not run because the store could not be reached.
     *
     * @return {@code 503} with {@code Retry-After}
     */
    public static ResponseEntity<ProblemDetail> storeUnavailable() {
        return retryLater(
                "Idempotency store unavailable",
                "The idempotency store cannot be reached; the request was not processed.");
    }

    /**
     * Answers a call that did not run because a bounded store is full of calls in progress.
     *
     * @return {@code 503} with {@code Retry-After}
     */
    public static ResponseEntity<ProblemDetail> storeFull() {
        return retryLater(
                "Idempotency store full",
                "The idempotency store is full of requests in progress; the request was not processed.");
    }

    /**
     * Answers a duplicate of a call that failed with a recorded exception. The recorded message is
     * not sent, as the application's own handler may have kept it from clients; the {@code reason}
     * of the type's {@code @ResponseStatus} is.
     *
     * @param ex the replayed failure
     * @return the status of the recorded type's {@code @ResponseStatus}, else {@code 422}
     */
    public static ResponseEntity<ProblemDetail> replayedFailure(ReplayedFailureException ex) {
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

    private static ResponseEntity<ProblemDetail> retryLater(String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle(title);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(STORE_RETRY_AFTER_SECONDS))
                .body(problem);
    }

    private static ResponseEntity<ProblemDetail> answer(HttpStatusCode status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }
}
