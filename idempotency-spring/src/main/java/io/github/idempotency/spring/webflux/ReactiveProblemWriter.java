package io.github.idempotency.spring.webflux;

import io.github.idempotency.spring.json.JsonCodec;
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

/** Writes the reactive filter's RFC 9457 problem responses as {@code application/problem+json}. */
final class ReactiveProblemWriter {

    private final JsonCodec json;

    ReactiveProblemWriter(JsonCodec json) {
        this.json = json;
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
        byte[] body = json.write(
                KeyFilterProblems.body(problem, exchange.getRequest().getURI().getRawPath()));
        headers.setContentLength(body.length);
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
