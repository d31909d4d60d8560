package io.github.idempotency.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Writes the filter's RFC 9457 problem responses as {@code application/problem+json}. */
final class ProblemWriter {

    /** Where each problem type is described; the fragment names the type. */
    static final String TYPE_BASE = "https://github.com/idempotency/idempotency-spring-boot/blob/main/docs/HTTP.md#";

    private final JsonMapper jsonMapper;

    ProblemWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    static ProblemDetail problem(int status, String type, String title, String detail) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatusCode.valueOf(status), detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    /** The 503 of a request that was not processed because its key could not be protected. */
    static ProblemDetail storeUnavailable(String detail) {
        return problem(503, "store-unavailable", "Idempotency store unavailable", detail);
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
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        URI type = problem.getType();
        body.put("type", (type != null) ? type.toString() : null);
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", request.getRequestURI());
        body.values().removeIf(Objects::isNull);
        byte[] json = jsonMapper.writeValueAsBytes(body);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
        response.flushBuffer();
    }
}
