package io.github.idempotency.spring.webflux;

import io.github.idempotency.spring.web.KeyFilterProblems;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes the reactive filter's RFC 9457 problem responses as {@code application/problem+json}. */
final class ReactiveProblemWriter {

    private final JsonMapper jsonMapper;

    ReactiveProblemWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /**
     * Sends the problem on the exchange's response.
     *
     * @param retryAfter the {@code Retry-After} to send, or {@code null} for none
     */
    Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, @Nullable Duration retryAfter) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
        }
        byte[] json = jsonMapper.writeValueAsBytes(
                KeyFilterProblems.body(problem, exchange.getRequest().getURI().getRawPath()));
        headers.setContentLength(json.length);
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(json)));
    }
}
