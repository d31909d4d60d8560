package io.github.idempotency.spring.webflux;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.spring.IdempotencyOutcome;
import io.github.idempotency.spring.web.IdempotencyKeyFilter;
import io.github.idempotency.spring.web.KeyFilterProblems;
import io.github.idempotency.spring.web.StoredResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Answers a request whose key already has a record, as the servlet filter does: the stored response
 * when the request matches the one that was processed, 422 when it does not, 409 while the first is
 * in flight, and 409 without {@code Retry-After} when the first was processed but its response could
 * not be stored.
 */
final class ReactiveRecordAnswers {

    private static final Log logger = LogFactory.getLog(ReactiveIdempotencyKeyFilter.class);

    private final String headerName;
    private final ReactiveProblemWriter problems;
    private final Clock clock;
    private final Consumer<IdempotencyOutcome> outcomes;

    ReactiveRecordAnswers(
            String headerName, ReactiveProblemWriter problems, Clock clock, Consumer<IdempotencyOutcome> outcomes) {
        this.headerName = headerName;
        this.problems = problems;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    Mono<Void> replay(ServerWebExchange exchange, String fingerprint, IdempotencyRecord record, String value) {
        byte[] envelope = record.result();
        if (record.state() == RecordState.FAILED || envelope == null) {
            String message = String.valueOf(record.errorMessage());
            if (!message.startsWith(fingerprint)) {
                return mismatch(exchange, record, value);
            }
            outcomes.accept(IdempotencyOutcome.REPLAYED);
            logger.info("Key " + record.key() + " was processed but its response was not stored (" + record.errorCode()
                    + "); answering 409");
            return problems.write(
                    exchange,
                    KeyFilterProblems.responseNotStored(
                            headerName,
                            value,
                            message.substring(fingerprint.length()).trim()),
                    null);
        }
        StoredResponse stored = StoredResponse.decode(envelope);
        if (!stored.fingerprint().equals(fingerprint)) {
            return mismatch(exchange, record, value);
        }
        outcomes.accept(IdempotencyOutcome.REPLAYED);
        logger.debug("Replaying the stored response of key " + record.key());
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(stored.status()));
        for (Map.Entry<String, String> header : stored.headers()) {
            response.getHeaders().add(header.getKey(), header.getValue());
        }
        response.getHeaders().set(IdempotencyKeyFilter.REPLAYED_HEADER, "true");
        response.getHeaders().setContentLength(stored.body().length);
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(stored.body())));
    }

    private Mono<Void> mismatch(ServerWebExchange exchange, IdempotencyRecord record, String value) {
        outcomes.accept(IdempotencyOutcome.MISMATCH);
        logger.info("Key " + record.key() + " reused for a different request; answering 422");
        return problems.write(exchange, KeyFilterProblems.keyReused(headerName, value), null);
    }

    Mono<Void> conflict(ServerWebExchange exchange, IdempotencyRecord record, String value) {
        outcomes.accept(IdempotencyOutcome.CONFLICT);
        Duration retryAfter = KeyFilterProblems.retryAfter(clock, record);
        logger.info(
                "Key " + record.key() + " is in flight; answering 409, retry after " + retryAfter.toSeconds() + "s");
        return problems.write(exchange, KeyFilterProblems.inFlight(headerName, value, retryAfter), retryAfter);
    }
}
