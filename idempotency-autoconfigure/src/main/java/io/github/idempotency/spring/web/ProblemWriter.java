package io.github.idempotency.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Writes the filter's RFC 9457 problem responses as {@code application/problem+json}. */
final class ProblemWriter {

    private final JsonMapper jsonMapper;

    ProblemWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
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
        byte[] json = jsonMapper.writeValueAsBytes(KeyFilterProblems.body(problem, request.getRequestURI()));
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
        response.flushBuffer();
    }
}
