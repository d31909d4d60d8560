package io.github.idempotency.spring.web;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.spring.IdempotencyOutcome;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Answers a request whose key already has a record: the stored response when the request matches
 * the one that was processed, 422 when it does not, 409 while the first is in flight, and 409
 * without {@code Retry-After} when the first was processed but its response could not be stored.
 */
final class RecordAnswers {

    private static final Log logger = LogFactory.getLog(IdempotencyKeyFilter.class);

    private final String headerName;
    private final ProblemWriter problems;
    private final Clock clock;
    private final Consumer<IdempotencyOutcome> outcomes;

    RecordAnswers(String headerName, ProblemWriter problems, Clock clock, Consumer<IdempotencyOutcome> outcomes) {
        this.headerName = headerName;
        this.problems = problems;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    void replay(BufferedRequest request, HttpServletResponse response, IdempotencyRecord record, String value)
            throws IOException {
        byte[] envelope = record.result();
        if (record.state() == RecordState.FAILED || envelope == null) {
            String message = String.valueOf(record.errorMessage());
            if (!message.startsWith(request.fingerprint())) {
                mismatch(request, response, record, value);
                return;
            }
            outcomes.accept(IdempotencyOutcome.REPLAYED);
            logger.info("Key " + record.key() + " was processed but its response was not stored (" + record.errorCode()
                    + "); answering 409");
            problems.write(
                    request,
                    response,
                    KeyFilterProblems.responseNotStored(
                            headerName,
                            value,
                            message.substring(request.fingerprint().length()).trim()),
                    null);
            return;
        }
        StoredResponse stored = StoredResponse.decode(envelope);
        if (!stored.fingerprint().equals(request.fingerprint())) {
            mismatch(request, response, record, value);
            return;
        }
        outcomes.accept(IdempotencyOutcome.REPLAYED);
        logger.debug("Replaying the stored response of key " + record.key());
        response.setStatus(stored.status());
        for (Map.Entry<String, String> header : stored.headers()) {
            response.addHeader(header.getKey(), header.getValue());
        }
        response.setHeader(IdempotencyKeyFilter.REPLAYED_HEADER, "true");
        response.setContentLength(stored.body().length);
        response.getOutputStream().write(stored.body());
        response.flushBuffer();
    }

    private void mismatch(
            HttpServletRequest request, HttpServletResponse response, IdempotencyRecord record, String value)
            throws IOException {
        outcomes.accept(IdempotencyOutcome.MISMATCH);
        logger.info("Key " + record.key() + " reused for a different request; answering 422");
        problems.write(request, response, KeyFilterProblems.keyReused(headerName, value), null);
    }

    void conflict(HttpServletRequest request, HttpServletResponse response, IdempotencyRecord record, String value)
            throws IOException {
        outcomes.accept(IdempotencyOutcome.CONFLICT);
        Duration retryAfter = KeyFilterProblems.retryAfter(clock, record);
        logger.info(
                "Key " + record.key() + " is in flight; answering 409, retry after " + retryAfter.toSeconds() + "s");
        problems.write(request, response, KeyFilterProblems.inFlight(headerName, value, retryAfter), retryAfter);
    }
}
