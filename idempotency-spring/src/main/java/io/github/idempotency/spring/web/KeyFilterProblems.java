package io.github.idempotency.spring.web;

import io.github.idempotency.core.IdempotencyRecord;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 9457 problems both {@code Idempotency-Key} filters answer with (servlet and WebFlux), so
 * that the same request gets the same status, type, title and detail on either stack.
 */
public final class KeyFilterProblems {

    /** Where each problem type is described; the fragment names the type. */
    public static final String TYPE_BASE =
            "https://github.com/idempotency/idempotency-spring-boot/blob/main/docs/HTTP.md#";

    /** How long a client is told to wait when the store cannot be reached. */
    public static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);

    private KeyFilterProblems() {}

    /**
     * Returns a problem of one of the filter's types.
     *
     * @param status the HTTP status
     * @param type the fragment of {@link #TYPE_BASE} that names the type
     * @param title the short, fixed title
     * @param detail what happened to this request
     * @return the problem
     */
    public static ProblemDetail problem(int status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    /**
     * The 503 of a request that was not processed because its key could not be protected.
     *
     * @param detail what happened to this request
     * @return the problem
     */
    public static ProblemDetail storeUnavailable(String detail) {
        return problem(503, "store-unavailable", "Idempotency store unavailable", detail);
    }

    /**
     * The 503 of a request whose key could not be checked, because the store failed or is full.
     *
     * @param headerName the key's header
     * @param value the key as sent
     * @param full whether the store refused because in-flight requests fill it
     * @return the problem
     */
    public static ProblemDetail storeFailed(String headerName, String value, boolean full) {
        return storeUnavailable("The request with " + headerName + " '" + value + "' was not processed: "
                + (full
                        ? "the idempotency store is full of requests in progress."
                        : "its idempotency record cannot be checked.")
                + " Retry later.");
    }

    /**
     * The 422 of a key reused for a different request.
     *
     * @param headerName the key's header
     * @param value the key as sent
     * @return the problem
     */
    public static ProblemDetail keyReused(String headerName, String value) {
        return problem(
                422,
                "key-reused",
                "Idempotency key reused",
                "The " + headerName + " '" + value + "' was already used for a different request "
                        + "(method, path or body). Use a new key for a new request.");
    }

    /**
     * The 409 of a repeat while the first request is in flight; send it with {@code retryAfter}.
     *
     * @param headerName the key's header
     * @param value the key as sent
     * @param retryAfter when to retry, from {@link #retryAfter(Clock, IdempotencyRecord)}
     * @return the problem
     */
    public static ProblemDetail inFlight(String headerName, String value, Duration retryAfter) {
        return problem(
                409,
                "key-in-flight",
                "Request in progress",
                "A request with " + headerName + " '" + value + "' is still being processed. Retry after "
                        + retryAfter.toSeconds() + " seconds.");
    }

    /**
     * The 409 of a repeat of a request that was processed but whose response was not stored.
     *
     * @param headerName the key's header
     * @param value the key as sent
     * @param reason why the response was not stored
     * @return the problem
     */
    public static ProblemDetail responseNotStored(String headerName, String value, String reason) {
        return problem(
                409,
                "response-not-stored",
                "Response not stored",
                "The request with " + headerName + " '" + value
                        + "' was processed, but its response cannot be replayed: " + reason
                        + ". Do not retry; look the result up instead.");
    }

    /**
     * Returns the members of a problem's JSON body, in the order they are written; absent members are
     * left out.
     *
     * @param problem the problem
     * @param instance the request's path, as sent
     * @return the members
     */
    public static Map<String, @Nullable Object> body(ProblemDetail problem, String instance) {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        URI type = problem.getType();
        body.put("type", (type != null) ? type.toString() : null);
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", instance);
        body.values().removeIf(Objects::isNull);
        return body;
    }

    /**
     * Returns how long until an in-flight record's lease runs out, in whole seconds, at least one.
     *
     * @param clock the clock to measure from
     * @param record the in-flight record
     * @return the wait to put in {@code Retry-After}
     */
    public static Duration retryAfter(Clock clock, IdempotencyRecord record) {
        long millis = Duration.between(clock.instant(), record.expiresAt()).toMillis();
        return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
    }
}
