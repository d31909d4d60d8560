package io.github.idempotency.spring.web;

import io.github.idempotency.spring.json.JsonCodec;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** Writes the filter's RFC 9457 problem responses as {@code application/problem+json}. */
final class ProblemWriter {

    private final JsonCodec json;

    ProblemWriter(JsonCodec json) {
        this.json = json;
    }

    static ProblemDetail problem(int status, String type, String title, String detail) {
        return KeyFilterProblems.problem(status, type, title, detail);
    }

    /** The 503 of a request that was not processed because its key could not be protected. */
    static ProblemDetail storeUnavailable(String detail) {
        return KeyFilterProblems.storeUnavailable(detail);
    }

    /**
     * Sends the problem, replacing anything buffered so far.
     *
     * @param retryAfter the {@code Retry-After} to send, or {@code null} for none
     */
    void write(
            HttpServletRequest request,
            HttpServletResponse response,
            ProblemDetail problem,
            @Nullable Duration retryAfter)
            throws IOException {
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
        }
        byte[] body = json.write(KeyFilterProblems.body(problem, request.getRequestURI()));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
